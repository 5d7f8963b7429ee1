"""Chinese-aware text for search: the one place every index and every query goes through.

Wagtail's database backend (SQLite FTS5, PostgreSQL's default parser) treats a run of Chinese characters
as one token, so 转型 never matches inside 数字化转型促进中心. We convert Traditional to Simplified with
OpenCC, segment with jieba in search mode (which also emits the shorter words inside long ones), and add
the character bigrams of each Chinese run so that any two-character term is found. The same function is
applied to the indexed text and to the query, so both sides speak the same tokens.
"""

import hashlib
import math
import operator
import re
from contextlib import contextmanager
from functools import lru_cache, reduce

import jieba
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast
from django.db.models.signals import post_save
from modelsearch import signal_handlers
from opencc import OpenCC
from wagtail.search.backends import get_search_backend

jieba.setLogLevel(60)
_t2s = OpenCC("t2s")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(r"[\w\u3400-\u9fff]+", re.UNICODE)


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional → Simplified; Simplified text and Latin letters pass through unchanged."""
    return _t2s.convert(text) if text else ""


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """The search tokens of `text`, in order, duplicates kept (their count is a ranking signal)."""
    if not text:
        return []
    text = to_simplified(str(text)).lower()
    out: list[str] = []
    for piece in _TOKEN.findall(text):
        if not _HAN_RUN.search(piece):
            out.append(piece)
            continue
        for word in jieba.cut_for_search(piece):
            word = word.strip()
            if word:
                out.append(word)
        for run in _HAN_RUN.findall(piece):
            out.extend(_bigrams(run))
    return out


def index_text(*parts: object) -> str:
    """Text for a `search_text` index field: the tokens of every part, joined by spaces."""
    return " ".join(token for part in parts if part for token in tokens(str(part)))


def query_terms(query: str) -> list[str]:
    """The distinct terms of a user's query, Traditional or Simplified, in the order typed.

    A single Chinese character is kept (people do search for 赣); for a run of several characters we
    keep jieba's words and, where jieba leaves a run it does not know as one long word, its bigrams.
    """
    query = to_simplified(query or "").lower().strip()
    terms: list[str] = []
    for piece in _TOKEN.findall(query):
        if not _HAN_RUN.search(piece) or len(piece) <= 2:
            candidates = [piece]
        else:
            candidates = [w for w in jieba.cut(piece) if w.strip()]
            # jieba returns an unknown run whole; the index holds its bigrams, so search those.
            expanded = []
            for word in candidates:
                expanded.extend(_bigrams(word) if len(word) > 3 and _HAN_RUN.fullmatch(word) else [word])
            candidates = expanded
        for term in candidates:
            if term not in terms:
                terms.append(term)
    return terms


@contextmanager
def deferred_indexing(*models):
    """Inside the block, saving an instance of `models` does not update the search index; the caller
    indexes what it saved afterwards with `index_objects`. Bulk loaders use it: Wagtail otherwise indexes
    each page on every save (twice per publish) and before its child rows are committed."""
    handler = signal_handlers.post_save_signal_handler
    for model in models:
        post_save.disconnect(handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(handler, sender=model)


def index_objects(model, objects) -> None:
    """Index `objects` of `model` in one batch (one write per model, not one per object)."""
    objects = list(objects)
    if objects:
        get_search_backend().add_bulk(model, objects)


# --- Searching querysets ---------------------------------------------------------------------------
#
# Matching and ranking are split so that both stay fast at scale. Matching asks the search backend for the
# rows holding every term, unranked (a few milliseconds even when a term is in every row), and stays a SQL
# subquery, so counts, facets and pagination run in the database. Ranking then scores only that match set,
# in SQL, by which terms the title contains, each weighted by how rare it is: a term found in more than
# COMMON_TERM_SHARE of the documents (中心, 数字化, 转型 in a directory of 数字化转型促进中心) weighs nothing,
# so it never drowns the words that tell documents apart. Document frequencies are cached for a while.

COMMON_TERM_SHARE = 0.5
DOCUMENT_FREQUENCY_TTL = 600
NON_SQL_BACKEND_MATCH_LIMIT = 5000


def _database_index_matches(model, terms: list[str]):
    """The index rows of `model` holding every term, straight from the database backend's index tables:
    the full-text index is searched first and the rows of this model picked from its answer. (The
    backend's own query starts from every row of the model and searches the index once per row: seconds
    at 10,000 centers.) None for other backends."""
    backend = get_search_backend()
    vendor = connection.vendor
    if type(backend).__name__ not in {"SQLiteSearchBackend", "PostgresSearchBackend"}:
        return None
    from modelsearch.conf import get_app_config
    from modelsearch.utils import get_descendants_content_types_pks

    IndexEntry = get_app_config().get_model("IndexEntry")
    content_types = get_descendants_content_types_pks(model)
    if vendor == "sqlite":
        from modelsearch.backends.database.sqlite.query import Lexeme, MatchExpression, SearchQueryExpression

        SQLiteFTSIndexEntry = get_app_config().get_model("SQLiteFTSIndexEntry")

        lexemes = reduce(operator.and_, [Lexeme(term) for term in terms])
        rows = SQLiteFTSIndexEntry.objects.filter(MatchExpression(["body"], SearchQueryExpression(lexemes)))
        entries = IndexEntry.objects.filter(pk__in=rows.values("index_entry_id"), content_type_id__in=content_types)
    else:
        from django.contrib.postgres.search import SearchQuery
        from modelsearch.backends.database.postgres.query import Lexeme

        lexemes = reduce(operator.and_, [Lexeme(term) for term in terms])
        query = SearchQuery(lexemes, search_type="raw", config=backend.config)
        entries = IndexEntry.objects.filter(body=query, content_type_id__in=content_types)
    return entries.annotate(matched_pk=Cast("object_id", IntegerField())).values("matched_pk")


def _matching_pks(model, terms: list[str]):
    """The primary keys of `model` rows whose index holds every term: a subquery on database backends."""
    matches = _database_index_matches(model, terms)
    if matches is not None:
        return matches
    results = model._default_manager.all().search(" ".join(terms), operator="and", order_by_relevance=False)
    return [obj.pk for obj in results[:NON_SQL_BACKEND_MATCH_LIMIT]]


def search_filter(queryset, query: str):
    """`queryset` narrowed to the rows whose search text holds every term of `query` (Traditional or
    Simplified, any spacing). An empty query leaves the queryset as it is. Unordered and unranked."""
    terms = query_terms(query)
    if not terms:
        return queryset
    return queryset.filter(pk__in=_matching_pks(queryset.model, terms))


def term_weights(model, terms: list[str]) -> dict[str, float]:
    """How much each term says about a document of `model`: BM25's inverse document frequency, and 0 for
    a term in more than COMMON_TERM_SHARE of the documents."""
    label = model._meta.label_lower
    # Hashed, so any cache backend accepts the key (memcached refuses spaces and non-ASCII).
    keys = {term: f"search-df:{label}:{hashlib.sha256(term.encode()).hexdigest()[:32]}" for term in terms}
    total_key = f"search-n:{label}"
    cached = cache.get_many([*keys.values(), total_key])
    total = cached.get(total_key)
    if total is None:
        total = model._default_manager.count()
        cache.set(total_key, total, DOCUMENT_FREQUENCY_TTL)
    weights = {}
    for term, key in keys.items():
        frequency = cached.get(key)
        if frequency is None:
            frequency = model._default_manager.filter(pk__in=_matching_pks(model, [term])).count()
            cache.set(key, frequency, DOCUMENT_FREQUENCY_TTL)
        if not total or frequency > COMMON_TERM_SHARE * total:
            weights[term] = 0.0
        else:
            weights[term] = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
    return weights


def rank_by_relevance(queryset, query: str, *, tie_breakers=("pk",)):
    """`queryset` (already matched) ordered best first: the sum of the weights of the query terms its
    title contains; ties (and queries of common words only) fall back to `tie_breakers`."""
    terms = query_terms(query)
    weights = {term: weight for term, weight in term_weights(queryset.model, terms).items() if weight > 0}
    if not weights:
        return queryset.order_by(*tie_breakers)
    score = reduce(
        operator.add,
        [
            Case(When(title__icontains=term, then=Value(weight)), default=Value(0.0), output_field=FloatField())
            for term, weight in weights.items()
        ],
    )
    return queryset.annotate(search_score=score).order_by("-search_score", *tie_breakers)
