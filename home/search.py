"""Search: the one place text becomes search terms, and the one interface the directory and the site
search call. Bottom layer (home); page code never knows which engine answers.

Text → terms (the same function on the indexed text and on the query, so both sides speak the same tokens):
- Traditional → Simplified (OpenCC), lower case;
- Chinese runs cut by jieba's dictionary (jieba-rs through rjieba: the same words as Python's jieba, in a
  third of its memory and several times faster); a word longer than two characters also yields the dictionary words
  inside it (search mode: 赣州市 → 赣州市 赣州). Character bigrams are added only inside a run jieba cannot
  split into known words (a name such as 洪智), never across a word boundary: 数字化|工作 holds no 化工,
  城市|场景 no 市场;
- English words stemmed (centers → center, services → service); pinyin and pinyin initials of names and
  places (赣州 → ganzhou, gz) are added to the title and area fields.

A page offers three fields of different weight: its title (`SearchTitleField`), a summary (description,
area, industries, services: `SearchSummaryField`) and `search_text` (everything, for matching).

Engines (`search_engine()`, chosen by the setting SEARCH_ENGINE or from Wagtail's backend and the
database): SQLite FTS5 ranks with `bm25()` and column weights, PostgreSQL with the same BM25 computed in
SQL (term counts from ts_rank_cd, FTS5's idf and length normalisation); another backend (a later Elasticsearch
engine) implements the same two methods. Ranking, everywhere: pages holding every term first, then those
holding most of them; then relevance; then the primary key, so the order is the same on every database.
"""

import hashlib
import itertools
import json
import math
import re
from array import array
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache

import rjieba
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import Col, RawSQL
from django.db.models.functions import Cast
from django.db.models.lookups import Lookup
from django.db.models.signals import post_save
from django.db.models.sql.where import WhereNode
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from modelsearch import signal_handlers
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from opencc import OpenCC
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from home.cache import memo_recent, queryset_key
from home.pinyin import syllables

_t2s = OpenCC("t2s")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_TOKEN = re.compile(rf"[{_HAN}]+|[a-z0-9]+(?:'[a-z]+)?", re.UNICODE)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional → Simplified; Simplified text and Latin letters pass through unchanged."""
    return _t2s.convert(text) if text else ""


def _is_word(text: str) -> bool:
    return rjieba.has_word(text)


def stem(word: str) -> str:
    """A light English stemmer (plural and common verb endings), the same on both sides."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: -len(suffix)] + replacement
    return word


@lru_cache(maxsize=65536)
def _han_words(run: str, *, search_mode: bool) -> tuple[str, ...]:
    """The words of a Chinese run. Dictionary words (with, in search mode, the dictionary words inside a
    longer one); a stretch of characters jieba leaves single becomes its bigrams (or the lone character)."""
    out: list[str] = []
    pending: list[str] = []

    def flush():
        if len(pending) == 1:
            out.append(pending[0])
        elif pending:
            stretch = "".join(pending)
            out.extend(stretch[i : i + 2] for i in range(len(stretch) - 1))
        pending.clear()

    for word in rjieba.cut(run, hmm=False):
        if len(word) == 1:
            pending.append(word)
            continue
        flush()
        if search_mode and len(word) > 2:
            for size in (2, 3):
                out.extend(
                    word[i : i + size]
                    for i in range(len(word) - size + 1)
                    if size < len(word) and _is_word(word[i : i + size])
                )
        out.append(word)
    flush()
    return tuple(out)


def _normalised(text: object) -> str:
    if not text:
        return ""
    text = str(text)
    if "<" in text:
        text = strip_tags(text)
    return to_simplified(text).lower()


def tokens(text: object) -> list[str]:
    """The search tokens of `text`, in order, duplicates kept (their count is a ranking signal)."""
    out: list[str] = []
    for piece in _TOKEN.findall(_normalised(text)):
        if _HAN_RUN.fullmatch(piece):
            out.extend(_han_words(piece, search_mode=True))
        elif piece not in _STOPWORDS:
            out.append(stem(piece.replace("'", "")))
    return out


def _pinyin(word: str, *, initials: bool) -> list[str]:
    full = "".join(syllables(word))
    return [full, "".join(syllables(word, initials=True))] if initials else [full]


def pinyin_tokens(text: object, *, place: bool = False) -> list[str]:
    """Pinyin of a name: each word's full pinyin (赣州市稀土… → ganzhoushi ganzhou xitu …); the initials
    (gzs gz) of its first word, which in a center's or event's name is the place, or of every word of a
    `place`. Initials of every word would make gz match 工作 everywhere."""
    out: list[str] = []
    for run in _HAN_RUN.findall(_normalised(text)):
        words = rjieba.cut(run, hmm=False)
        for position, word in enumerate(words):
            if len(word) < 2:
                continue
            initials = place or position == 0
            out.extend(_pinyin(word, initials=initials))
            for inner in _han_words(word, search_mode=True):
                if inner != word and len(inner) >= 2:
                    out.extend(_pinyin(inner, initials=initials))
    return out


def index_text(*parts: object) -> str:
    """Text for an index field: the tokens of every part, joined by spaces."""
    return " ".join(token for part in parts if part for token in tokens(part))


def name_index_text(*names: object, place: bool = False) -> str:
    """Index text for names (or, with `place`, places): their tokens and their pinyin."""
    return " ".join([index_text(*names), *(p for name in names if name for p in pinyin_tokens(name, place=place))])


MAX_TERMS = 8


def query_terms(query: str) -> list[str]:
    """The distinct terms of a user's query, Traditional or Simplified, in the order typed: jieba's words
    (not the shorter words inside them: the index holds those too), bigrams of a run it does not know,
    stemmed English words, pinyin as typed."""
    terms: list[str] = []
    for piece in _TOKEN.findall(_normalised(query)):
        if _HAN_RUN.fullmatch(piece):
            candidates = _han_words(piece, search_mode=False)
        elif piece in _STOPWORDS:
            continue
        else:
            candidates = [stem(piece.replace("'", ""))]
        for term in candidates:
            if term not in terms:
                terms.append(term)
    return terms[:MAX_TERMS]


# --- Index fields ----------------------------------------------------------------------------------


class SearchTitleField(index.SearchField):
    """The page's title as index text (Simplified, segmented, with pinyin): the heaviest field. Named
    "title", so the database backend stores it in its title column."""

    def __init__(self, **kwargs):
        kwargs.setdefault("boost", 4)
        super().__init__("title", **kwargs)

    def get_value(self, obj):
        return name_index_text(obj.title)


class SearchSummaryField(index.AutocompleteField):
    """A page's summary (description, area, industries, services) as index text: weighed between title
    and body. Stored in the backend's second column (the autocomplete column of the database backend;
    Wagtail's own autocomplete still finds the raw title there)."""

    def __init__(self, method: str = "search_summary", **kwargs):
        self.method = method
        super().__init__(method, **kwargs)

    def get_value(self, obj):
        return getattr(obj, self.method)()


def page_search_fields(page_search_fields, *extra):
    """Wagtail's page search fields (Wagtail checks they are kept; the raw title stays one token of the
    title column), `SearchTitleField`, the summary (the page's `search_summary()`), the whole text (`search_text()`) and `extra`."""
    return [
        *page_search_fields,
        SearchTitleField(),
        SearchSummaryField(),
        index.SearchField("search_text"),
        *extra,
    ]


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


# --- Matching: all words, else most of them ---------------------------------------------------------


def required_terms(n: int) -> int:
    """How many of `n` query terms a page must hold: all of one or two, two of three, three of four…"""
    return n if n <= 2 else n - n // 3


def term_groups(model, terms: list[str]) -> list[tuple[str, ...]]:
    """The sets of terms a matching page holds all of: the whole query, or (from three terms) any
    `required_terms` of them that include at least one term that is not common, when the query has one
    (so 数字化 转型 稀土 does not match every center through its two common words)."""
    n = len(terms)
    need = required_terms(n)
    if need == n:
        return [tuple(terms)]
    weights = term_weights(model, terms)
    distinctive = {t for t in terms if weights[t] > COMMON_TERM_WEIGHT}
    groups = [c for c in itertools.combinations(terms, need) if not distinctive or distinctive & set(c)]
    return groups or [tuple(terms)]


# --- Document frequencies --------------------------------------------------------------------------

COMMON_TERM_SHARE = 0.5
COMMON_TERM_WEIGHT = 0.05  # a term in more than half the pages still counts, a little
DOCUMENT_FREQUENCY_TTL = 600


def term_weights(model, terms: list[str]) -> dict[str, float]:
    """How much each term says about a page of `model`: BM25's inverse document frequency, never below
    COMMON_TERM_WEIGHT (a common term weighs little, not nothing). Frequencies are cached a while."""
    label = model._meta.label_lower
    keys = {term: f"search-df2:{label}:{hashlib.sha256(term.encode()).hexdigest()[:32]}" for term in terms}
    total_key = f"search-n2:{label}"
    cached = cache.get_many([*keys.values(), total_key])
    total = cached.get(total_key)
    if total is None:
        total = model._default_manager.count()
        cache.set(total_key, total, DOCUMENT_FREQUENCY_TTL)
    engine = search_engine()
    weights = {}
    for term, key in keys.items():
        frequency = cached.get(key)
        if frequency is None:
            frequency = engine.document_frequency(model, term)
            cache.set(key, frequency, DOCUMENT_FREQUENCY_TTL)
        if not total or frequency > COMMON_TERM_SHARE * total:
            weights[term] = COMMON_TERM_WEIGHT
        else:
            weights[term] = max(COMMON_TERM_WEIGHT, math.log(1 + (total - frequency + 0.5) / (frequency + 0.5)))
    return weights


# --- Engines ---------------------------------------------------------------------------------------


class SearchEngine:
    """What the site needs from a search engine. `match_pks(queryset, groups)`: the pks of `queryset`
    holding every term of at least one group, as a subquery or a list; `ranked_pks(queryset, terms,
    groups, limit)`: the best `limit` of them, best first (every term first, then relevance, then pk);
    `document_frequency(model, term)`."""

    def match_pks(self, queryset, groups):
        raise NotImplementedError

    def ranked_pks(self, queryset, terms, groups, limit):
        raise NotImplementedError

    def document_frequency(self, model, term) -> int:
        return queryset_count(self.match_pks(model._default_manager.all(), [(term,)]))

    def facet_counts(self, queryset, query, filters, *, exclude=None):
        """facet → value → count for the pages of `queryset` matching `query`, each facet counted with the
        other `filters` kept, or None when the caller counts in the database (these engines)."""
        return None

    def hits(self, queryset, terms, groups, *, ranked: bool) -> list[int]:
        """Every pk of `queryset` that matches, in one round trip where the engine allows: best first
        when `ranked`, in no particular order otherwise. An engine may override it with a cheaper query;
        this default uses the two methods above."""
        if ranked:
            return list(self.ranked_pks(queryset, terms, groups, None))
        return list(queryset.filter(pk__in=self.match_pks(queryset, groups)).values_list("pk", flat=True))

    def top(self, queryset, terms, groups, limit) -> tuple[list[int], int]:
        """The best `limit` pks of `queryset` and how many match in all (site search's groups)."""
        return list(self.ranked_pks(queryset, terms, groups, limit)), len(
            self.hits(queryset, terms, groups, ranked=False)
        )

    def tops(self, querysets, terms, groups, limit) -> list[tuple[list[int], int]]:
        """`top` for each of several querysets (site search's groups); an engine may answer them together."""
        return [self.top(queryset, terms, groups, limit) for queryset in querysets]


def _tops_by_kind(rows, kinds: int) -> list[tuple[list[int], int]]:
    """`tops` from rows (kind, pk, total) in the order of each kind's ranking."""
    best, totals = defaultdict(list), {}
    for kind, pk, total in rows:
        best[kind].append(pk)
        totals[kind] = total
    return [(best[kind], totals.get(kind, 0)) for kind in range(kinds)]


def queryset_count(pks) -> int:
    return pks.count() if hasattr(pks, "count") and not isinstance(pks, list) else len(pks)


def _index_tables():
    return get_app_config().get_model("IndexEntry")


_SQLITE_INDEXES: dict[tuple, bool] = {}


def _sqlite_index_exists(name: str) -> bool:
    """Whether this SQLite database has the index `name` (asked once per database and process)."""
    key = (connection.alias, str(connection.settings_dict["NAME"]), name)
    if key not in _SQLITE_INDEXES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s", [name])
            _SQLITE_INDEXES[key] = cursor.fetchone() is not None
    return _SQLITE_INDEXES[key]


def _content_types(model) -> list[int]:
    return list(get_descendants_content_types_pks(model))


def _pk_subquery(queryset, *, pk=None):
    """SQL (and params) of the pks of `queryset` (with `pk`: the one whose pk is that expression, the page check
    of a match). Read from Wagtail's page table alone when the queryset's conditions are all on it (`_on_page_table`)."""
    queryset = _on_page_table(queryset)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, list(params)


def _on_page_table(queryset):
    """`queryset` as a query of Wagtail's page table alone when that asks the same: a queryset of one page type
    (a direct subclass of Page) whose every condition is on the page table — the live pages of a language, every
    search's scope. The index entry's content type already says a match is of that type, so the page check need
    not join the type's own table: on PostgreSQL that join was ~2 µs a match (稀土, 1,052 matches: 2 of 8 ms of the
    ranking). Any other queryset (a condition on the type's own columns, a subquery, raw SQL) is kept as it is."""
    model, query = queryset.model, queryset.query
    table = Page._meta.db_table
    if model is Page or Page not in model._meta.parents or query.combinator or query.is_sliced or query.distinct:
        return queryset
    join = query.alias_map.get(table)
    if join is None or getattr(join, "join_field", None) is not model._meta.parents[Page]:
        return queryset  # the page table joined for something else (a foreign key to another page)
    if not _only_columns_of(query.where, table):
        return queryset
    pages = Page.objects.all()
    pages.query.where = query.where.clone()
    return pages


def _only_columns_of(node, alias: str) -> bool:
    """Whether the condition `node` reads only columns of the table `alias`, compared with plain values."""
    if isinstance(node, Col):
        return node.alias == alias
    if not isinstance(node, WhereNode | Lookup | Value):
        return False
    return all(_only_columns_of(child, alias) for child in node.get_source_expressions() if child is not None)


class SQLiteEngine(SearchEngine):
    """Wagtail's database backend on SQLite FTS5: the index table's columns are (autocomplete = summary,
    body = everything, title); bm25() weighs them."""

    WEIGHTS = {"autocomplete": 2.0, "body": 1.0, "title": 5.0}
    # (id, content_type_id, object_id) of every index entry: home/migrations/0005_search_entry_page_index.py.
    ENTRY_INDEX = "search_entry_page_idx"

    @property
    def FTS(self) -> str:
        return get_app_config().get_model("SQLiteFTSIndexEntry")._meta.db_table

    @property
    def MATCHES(self) -> str:
        """The FROM of every ranking: each match in the full-text index with its entry `ie`, read through
        ENTRY_INDEX when the database has it, so a match's page type and page come from the index alone, not
        from the entry's row, which holds the page's whole text (数字化's 29,000 matches: 25 -> 9 ms).
        SQLite's planner looks a rowid up in the table unless told."""
        entries = f"{_index_tables()._meta.db_table} ie"
        if _sqlite_index_exists(self.ENTRY_INDEX):
            entries += f" INDEXED BY {self.ENTRY_INDEX}"
        return f"{self.FTS} CROSS JOIN {entries} ON ie.id = {self.FTS}.rowid"

    @staticmethod
    def _phrase(term: str) -> str:
        return '"' + term.replace('"', "") + '"'

    def expression(self, groups) -> str:
        return " OR ".join("(" + " AND ".join(self._phrase(t) for t in group) + ")" for group in groups)

    def _rows(self, queryset, groups, *, select: str, order: str = "", limit: int | None = None, extra=()):
        content_types = _content_types(queryset.model)
        pk_sql, pk_params = self._entry_in(queryset)
        placeholders = ",".join(["%s"] * len(content_types))
        sql = (
            f"SELECT {select} FROM {self.MATCHES} "  # noqa: S608
            f"WHERE {self.FTS} MATCH %s AND ie.content_type_id IN ({placeholders}) "
            f"AND EXISTS ({pk_sql}) {order}" + (" LIMIT %s" if limit else "")
        )
        params = [*extra, self.expression(groups), *content_types, *pk_params] + ([limit] if limit else [])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    @staticmethod
    def _entry_in(queryset):
        """SQL (and params) true when the index entry `ie` is a page of `queryset`: its page looked up by pk
        for each match. An `IN (the queryset's pks)` made SQLite list every page of the queryset first —
        all 50,000 live notices (~25 ms) when 服务 培训 matches two of them."""
        entry_pk = RawSQL("CAST(ie.object_id AS INTEGER)", [])  # noqa: S611  (no input: the outer row's pk)
        return _pk_subquery(queryset, pk=entry_pk)

    def match_pks(self, queryset, groups):
        IndexEntry = _index_tables()
        Fts = get_app_config().get_model("SQLiteFTSIndexEntry")
        # Deferred: that module reads modelsearch's models when imported, and this one is imported while models load.
        from modelsearch.backends.database.sqlite.query import MatchExpression

        rows = Fts.objects.filter(MatchExpression(["body"], _RawFts(self.expression(groups))))
        entries = IndexEntry.objects.filter(
            pk__in=rows.values("index_entry_id"), content_type_id__in=_content_types(queryset.model)
        )
        return entries.annotate(matched_pk=_CastInt("object_id")).values("matched_pk")

    def _scored(self, terms, groups) -> tuple[str, list]:
        """The columns a ranking reads from each match (pk, whether it holds every term, bm25), and their
        params."""
        w = self.WEIGHTS
        if groups == [tuple(terms)]:  # every match holds every term: no second lookup in the index
            has_all, has_all_params = "1", []
        else:
            has_all = f"ie.id IN (SELECT rowid FROM {self.FTS} WHERE {self.FTS} MATCH %s)"  # noqa: S608
            has_all_params = [self.expression([tuple(terms)])]
        select = (
            f"CAST(ie.object_id AS INTEGER) AS pk, ({has_all}) AS has_all, "  # noqa: S608  (names and weights from code, input in params)
            f"bm25({self.FTS}, {w['autocomplete']}, {w['body']}, {w['title']}) AS score"
        )
        return select, has_all_params

    def _ranking(self, queryset, terms, groups, limit, *, total: bool = False):
        select, has_all_params = self._scored(terms, groups)
        order = "ORDER BY has_all DESC, score ASC, pk ASC"
        if not total:
            return self._rows(queryset, groups, select=select, order=order, limit=limit, extra=has_all_params)
        # bm25() only works in the index's own scan: score every match there (a materialised CTE), then
        # count and cut in the outer query.
        content_types = _content_types(queryset.model)
        pk_sql, pk_params = self._entry_in(queryset)
        placeholders = ",".join(["%s"] * len(content_types))
        sql = (
            f"WITH scored AS MATERIALIZED (SELECT {select} FROM {self.MATCHES} "  # noqa: S608
            f"WHERE {self.FTS} MATCH %s AND ie.content_type_id IN ({placeholders}) "
            f"AND EXISTS ({pk_sql})) "
            f"SELECT pk, has_all, score, COUNT(*) OVER () FROM scored {order} LIMIT %s"
        )
        params = [*has_all_params, self.expression(groups), *content_types, *pk_params, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ranked_pks(self, queryset, terms, groups, limit):
        return [row[0] for row in self._ranking(queryset, terms, groups, limit)]

    def hits(self, queryset, terms, groups, *, ranked: bool) -> list[int]:
        if ranked:
            return self.ranked_pks(queryset, terms, groups, None)
        return [row[0] for row in self._rows(queryset, groups, select="CAST(ie.object_id AS INTEGER)")]

    def top(self, queryset, terms, groups, limit) -> tuple[list[int], int]:
        """One pass over the index: the best `limit` and, beside each, how many match in all."""
        rows = self._ranking(queryset, terms, groups, limit, total=True)
        return [row[0] for row in rows], (rows[0][3] if rows else 0)

    def tops(self, querysets, terms, groups, limit) -> list[tuple[list[int], int]]:
        """`top` for querysets of different page types in one pass over the index. A match's index entry
        (its type and page) is read once, not once per queryset: for words in thousands of pages that read,
        ~2 µs a match, was most of a site search (诊断服务 培训: 9,000 matches read three times)."""
        content_types = [_content_types(queryset.model) for queryset in querysets]
        every = [ct for cts in content_types for ct in cts]
        if len(querysets) < 2 or len(set(every)) < len(every):  # a page type in two groups: one pass each
            return super().tops(querysets, terms, groups, limit)
        select, has_all_params = self._scored(terms, groups)
        kinds, kind_params, pages, page_params = [], [], [], []
        for position, (queryset, cts) in enumerate(zip(querysets, content_types, strict=True)):
            marks = ",".join(["%s"] * len(cts))
            pk_sql, pk_params = self._entry_in(queryset)
            kinds.append(f"WHEN ie.content_type_id IN ({marks}) THEN {position}")
            kind_params += cts
            pages.append(f"WHEN ie.content_type_id IN ({marks}) THEN EXISTS ({pk_sql})")
            page_params += [*cts, *pk_params]
        sql = (
            f"WITH scored AS MATERIALIZED (SELECT CASE {' '.join(kinds)} END AS kind, {select} "  # noqa: S608
            f"FROM {self.MATCHES} "
            f"WHERE {self.FTS} MATCH %s AND (CASE {' '.join(pages)} ELSE 0 END)), "
            "ranked AS (SELECT kind, pk, COUNT(*) OVER (PARTITION BY kind) AS total, "
            "ROW_NUMBER() OVER (PARTITION BY kind ORDER BY has_all DESC, score ASC, pk ASC) AS position FROM scored) "
            "SELECT kind, pk, total FROM ranked WHERE position <= %s ORDER BY kind, position"
        )
        params = [*kind_params, *has_all_params, self.expression(groups), *page_params, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return _tops_by_kind(rows, len(querysets))


class PostgresEngine(SearchEngine):
    """Wagtail's database backend on PostgreSQL: matching on the body vector (GIN index). Relevance is
    SQLite FTS5's bm25() rebuilt, so both databases rank alike: for each term, idf × tf·(k1 + 1) / (tf +
    k1·(1 − b + b·dl/avgdl)), where
    - idf is FTS5's, over the whole index (`idf`), not only the model's pages;
    - tf is the term's count in the title, summary and body weighted 5, 2 and 1 (the SQLite engine's
      column weights); a count is ts_rank_cd of that one term with equal weights and no normalisation.
      The stored weight letters are ignored (modelsearch stores the title at B, not A);
    - dl is the page's length over the three fields, in bytes (the stored title and body text and the
      summary's vector), which grows with the number of tokens as FTS5's length does (a token and its
      separator take ~7 bytes, Chinese or pinyin; only dl/avgdl matters) and costs nothing to read.
      A tsvector's length() counts distinct words only, which favours repetitive pages; counting the
      spaces of the text was as good and 3× slower;
    - avgdl is the average dl over the index (`average_length`, cached like the frequencies)."""

    FIELD_WEIGHTS = {"title": 5.0, "autocomplete": 2.0, "body": 1.0}
    SAME_WEIGHT = "{1, 1, 1, 1}"
    K1 = 1.2
    B = 0.75
    CANDIDATES = 100  # matches scored with the full BM25 (the body's counts), see `_ranking`
    LENGTH = "(octet_length(ie.title_text) + octet_length(ie.body_text) + pg_column_size(ie.autocomplete))"

    def idf(self, terms) -> dict[str, float]:
        """FTS5's inverse document frequency of each term: log((N − n + 0.5) / (n + 0.5)) over every
        entry of the index (all page types: N entries, n holding the term), at least 1e-6. Cached a while."""
        table = _index_tables()._meta.db_table
        keys = {t: f"search-gdf:{hashlib.sha256(t.encode()).hexdigest()[:32]}" for t in terms}
        cached = cache.get_many([*keys.values(), "search-gn"])
        cfg, cfg_params = self._cfg()
        with connection.cursor() as cursor:
            total = cached.get("search-gn")
            if total is None:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                total = cursor.fetchone()[0]
                cache.set("search-gn", total, DOCUMENT_FREQUENCY_TTL)
            out = {}
            for term, key in keys.items():
                frequency = cached.get(key)
                if frequency is None:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {table} ie WHERE ie.body @@ to_tsquery({cfg}, %s)",  # noqa: S608
                        [*cfg_params, self._tsquery([term])],
                    )
                    frequency = cursor.fetchone()[0]
                    cache.set(key, frequency, DOCUMENT_FREQUENCY_TTL)
                out[term] = max(1e-6, math.log((total - frequency + 0.5) / (frequency + 0.5)))
        return out

    def average_length(self) -> float:
        """The average length (`LENGTH`) of the index's entries, all page types (as FTS5's avgdl). Cached."""
        average = cache.get("search-avgdl-bytes")
        if average is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT AVG({self.LENGTH}) FROM {_index_tables()._meta.db_table} ie")  # noqa: S608
                average = float(cursor.fetchone()[0] or 1.0)
            cache.set("search-avgdl-bytes", average, DOCUMENT_FREQUENCY_TTL)
        return max(average, 1.0)

    def _tsquery(self, group) -> str:
        return " & ".join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in group)

    def _group_query(self, groups):
        return " | ".join("(" + self._tsquery(g) + ")" for g in groups)

    def _config(self):
        return get_search_backend().config

    def match_pks(self, queryset, groups):
        from django.contrib.postgres.search import SearchQuery  # deferred: loads psycopg, which SQLite never needs

        IndexEntry = _index_tables()
        query = SearchQuery(self._group_query(groups), search_type="raw", config=self._config())
        entries = IndexEntry.objects.filter(body=query, content_type_id__in=_content_types(queryset.model))
        return entries.annotate(matched_pk=_CastInt("object_id")).values("matched_pk")

    def _cfg(self):
        """The text search configuration as a constant, so PostgreSQL parses each tsquery once per
        statement (with get_current_ts_config(), a stable function, it parses it again for every row)."""
        config = self._config()
        if not config:
            if getattr(self, "_default_config", None) is None:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT get_current_ts_config()::text")
                    self._default_config = cursor.fetchone()[0]
            config = self._default_config
        return "%s::regconfig", [config]

    _NORMALISED: dict[tuple[str, str], str] = {}  # (config, term) -> its tsquery's text; see `_term_queries`
    _NORMALISED_MAX = 20_000

    def _term_queries(self, terms, cfg, cfg_params) -> list[str]:
        """Each term's tsquery as the text search configuration makes it (to_tsquery's output as text,
        e.g. 'servic' for "services"; '' for a stop word), asked once per process and term, for the
        statements to use as constants: to_tsquery() written into a statement is evaluated while planning
        it, ~0.15 ms a call, and the ranking needs each term five times (3 ms of planning for four terms)."""
        config = cfg_params[0] if cfg_params else ""
        missing = [t for t in dict.fromkeys(terms) if (config, t) not in self._NORMALISED]
        if missing:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT t, to_tsquery({cfg}, t)::text FROM unnest(%s::text[]) AS t",  # noqa: S608
                    [*cfg_params, [self._tsquery([t]) for t in missing]],
                )
                found = dict(cursor.fetchall())
            if len(self._NORMALISED) > self._NORMALISED_MAX:
                self._NORMALISED.clear()
            for term in missing:
                self._NORMALISED[(config, term)] = found[self._tsquery([term])]
        return [self._NORMALISED[(config, t)] for t in terms]

    def _tfs(self, terms, fields, cfg, cfg_params, *, plus: int = 0):
        """SQL (and params) of the columns tf0, tf1…: each term's count in `fields` of the entry `ie`,
        weighted by FIELD_WEIGHTS, plus `plus`."""
        columns, params = [], []
        for i, query in enumerate(self._term_queries(terms, cfg, cfg_params)):
            count = " + ".join(
                f"{self.FIELD_WEIGHTS[field]} * ts_rank_cd('{self.SAME_WEIGHT}', ie.{field}, %s::tsquery, 0)"
                for field in fields
            )
            columns.append(f"({count} + {plus}) AS tf{i}")
            params += [query] * len(fields)
        return ", ".join(columns), params

    def _presence(self, terms, cfg, cfg_params):
        """SQL (and params) of the columns tf0, tf1… for the first stage: 5 when the title holds the term,
        2 when the summary does, 1 for the body (every match holds it). A lookup in two small vectors per
        term, where ts_rank_cd walks them all."""
        columns, params = [], []
        for i, query in enumerate(self._term_queries(terms, cfg, cfg_params)):
            holds = [
                f"(ie.{field} @@ %s::tsquery)::int * {self.FIELD_WEIGHTS[field]}::float8"
                for field in ("title", "autocomplete")
            ]
            columns.append(f"({' + '.join(holds)} + 1) AS tf{i}")
            params += [query] * 2
        return ", ".join(columns), params

    def _bm25(self, terms, weights):
        """SQL (and params) of BM25 over the columns tf0, tf1… and dl of the row."""
        average = self.average_length()
        parts, params = [], []
        for i, term in enumerate(terms):
            parts.append(
                f"%s::float8 * tf{i} * {self.K1 + 1}::float8 / (tf{i} + {self.K1}::float8 * "
                f"({1 - self.B}::float8 + {self.B}::float8 * dl / %s::float8))"
            )
            params += [weights[term], average]
        return "(" + " + ".join(parts) + ")", params

    def _ranking(self, queryset, terms, groups, limit, *, total: bool = False):
        """Two stages, so a common word (~10,000 matches) does not read every match's body vector. Every
        match gets a first score: the same BM25 with the term counts of the title and the summary (small
        vectors) and one occurrence in the body. The best CANDIDATES of them (every term first) get the
        full BM25, the body's counts included; the rest follow in the first order. The pk breaks ties."""
        table = _index_tables()._meta.db_table
        weights = self.idf(terms)
        content_types = _content_types(queryset.model)
        # The page check of each match (live, this language: the queryset) is one lookup by its pk, a LATERAL
        # join the planner cannot turn round. As `pk IN (queryset)` the planner chose, from the GIN index's
        # estimate (often 100× low for two words found together), a semi-join rescanning the matches for
        # each match (纺织服装: 560 matches, 9 of 26 ms) or a hash of every live page (50,000 notices).
        pk_sql, pk_params = _pk_subquery(queryset, pk=RawSQL("candidates.pk", []))  # noqa: S611
        cfg, cfg_params = self._cfg()
        has_all, has_all_params = self._has_all(terms, groups, content_types, cfg, cfg_params)
        first_tfs, first_tf_params = self._presence(terms, cfg, cfg_params)
        full_tfs, full_tf_params = self._tfs(terms, tuple(self.FIELD_WEIGHTS), cfg, cfg_params)
        bm25, bm25_params = self._bm25(terms, weights)
        rest = limit is None or limit > self.CANDIDATES
        sql = (
            # The narrow rows (pk, length, first counts) of the index's matches first, then those among
            # the queryset's pks, looked up by the matches' pks: joined first, the whole index row was
            # sorted (on disk), and a few thousand matches read all 50,000 notices' pages.
            f"WITH candidates AS MATERIALIZED (SELECT ie.id, CAST(ie.object_id AS INTEGER) AS pk, "  # noqa: S608
            f"{has_all} AS has_all, {self.LENGTH} AS dl, {first_tfs} FROM {table} ie "
            f"WHERE ie.body @@ to_tsquery({cfg}, %s) AND ie.content_type_id = ANY(%s)), "
            f"matched AS MATERIALIZED (SELECT id, pk, has_all, dl, {bm25} AS first FROM candidates "
            f"CROSS JOIN LATERAL ({pk_sql} LIMIT 1) AS page_check(checked_pk)), "
            f"best AS MATERIALIZED (SELECT id, pk, has_all, dl FROM matched "
            f"ORDER BY has_all DESC, first DESC, pk ASC LIMIT {self.CANDIDATES}), "
            f"full_counts AS (SELECT best.pk, best.has_all, best.dl, {full_tfs} FROM best JOIN {table} ie ON ie.id = best.id), "
            f"ranked AS (SELECT pk, has_all, 0 AS stage, {bm25} AS score FROM full_counts"
            + (
                " UNION ALL SELECT pk, has_all, 1, first FROM matched WHERE id NOT IN (SELECT id FROM best)"
                if rest
                else ""
            )
            + ") SELECT pk, has_all, score"
            + (", (SELECT COUNT(*) FROM matched)" if total else "")
            + " FROM ranked ORDER BY has_all DESC, stage ASC, score DESC, pk ASC LIMIT %s"
        )
        params = [
            *has_all_params,
            *first_tf_params,
            *cfg_params,
            self._group_query(groups),
            content_types,
            *bm25_params,
            *pk_params,
            *full_tf_params,
            *bm25_params,
            limit,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _has_all(self, terms, groups, content_types, cfg, cfg_params):
        """SQL (and params) true when the index entry `ie` holds every term."""
        if groups == [tuple(terms)]:  # every match holds every term
            return "TRUE", []
        # a semi-join on the GIN index rather than reading each match's body vector
        table = _index_tables()._meta.db_table
        sql = (
            f"ie.id IN (SELECT a.id FROM {table} a WHERE a.body @@ to_tsquery({cfg}, %s) "  # noqa: S608
            f"AND a.content_type_id = ANY(%s))"
        )
        return sql, [*cfg_params, self._tsquery(terms), content_types]

    def tops(self, querysets, terms, groups, limit) -> list[tuple[list[int], int]]:
        """`top` for querysets of different page types in one statement: the index's matches are found and
        read once, not once per queryset (转型: 20,000 matches of three types read three times; 诊断服务 培训:
        the two notices among its 9,000 matches cost 11 ms, a scan of them all). The same ranking as `top`
        (`_ranking`) within each page type; `limit` at most CANDIDATES."""
        content_types = [_content_types(queryset.model) for queryset in querysets]
        every = [ct for cts in content_types for ct in cts]
        if len(querysets) < 2 or len(set(every)) < len(every) or limit > self.CANDIDATES:
            return super().tops(querysets, terms, groups, limit)
        table = _index_tables()._meta.db_table
        weights = self.idf(terms)
        cfg, cfg_params = self._cfg()
        has_all, has_all_params = self._has_all(terms, groups, every, cfg, cfg_params)
        first_tfs, first_tf_params = self._presence(terms, cfg, cfg_params)
        full_tfs, full_tf_params = self._tfs(terms, tuple(self.FIELD_WEIGHTS), cfg, cfg_params)
        bm25, bm25_params = self._bm25(terms, weights)
        kinds, kind_params, checks, check_params = [], [], [], []
        for position, (queryset, cts) in enumerate(zip(querysets, content_types, strict=True)):
            kinds.append(f"WHEN ie.content_type_id = ANY(%s) THEN {position}")
            kind_params.append(cts)
            # The page check of each match: a lookup by its pk (a LATERAL join, as in `_ranking`); an EXISTS
            # became a hash of every live page of the type (50,000 notices for 稀土's one).
            pk_sql, pk_params = _pk_subquery(queryset, pk=RawSQL("candidates.pk", []))  # noqa: S611
            checks.append(
                f"SELECT id, pk, kind, has_all, dl, {bm25} AS first FROM candidates "  # noqa: S608
                f"CROSS JOIN LATERAL ({pk_sql} LIMIT 1) AS page_check(checked_pk) WHERE kind = {position}"
            )
            check_params += [*bm25_params, *pk_params]
        sql = (
            f"WITH candidates AS MATERIALIZED (SELECT ie.id, CAST(ie.object_id AS INTEGER) AS pk, "  # noqa: S608
            f"CASE {' '.join(kinds)} END AS kind, {has_all} AS has_all, {self.LENGTH} AS dl, {first_tfs} "
            f"FROM {table} ie WHERE ie.body @@ to_tsquery({cfg}, %s) AND ie.content_type_id = ANY(%s)), "
            f"matched AS MATERIALIZED ({' UNION ALL '.join(checks)}), "
            "best AS MATERIALIZED (SELECT id, pk, kind, has_all, dl FROM (SELECT *, ROW_NUMBER() OVER "
            "(PARTITION BY kind ORDER BY has_all DESC, first DESC, pk ASC) AS position FROM matched) firsts "
            f"WHERE position <= {self.CANDIDATES}), "
            f"full_counts AS (SELECT best.pk, best.kind, best.has_all, best.dl, {full_tfs} FROM best "
            f"JOIN {table} ie ON ie.id = best.id), "
            f"ranked AS (SELECT kind, pk, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY has_all DESC, {bm25} DESC, "
            "pk ASC) AS position FROM full_counts) "
            "SELECT ranked.kind, ranked.pk, totals.n FROM ranked "
            "JOIN (SELECT kind, COUNT(*) AS n FROM matched GROUP BY kind) totals ON totals.kind = ranked.kind "
            "WHERE position <= %s ORDER BY ranked.kind, position"
        )
        params = [
            *kind_params,
            *has_all_params,
            *first_tf_params,
            *cfg_params,
            self._group_query(groups),
            every,
            *check_params,
            *full_tf_params,
            *bm25_params,
            limit,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return _tops_by_kind(rows, len(querysets))

    def ranked_pks(self, queryset, terms, groups, limit):
        return [row[0] for row in self._ranking(queryset, terms, groups, limit)]

    def hits(self, queryset, terms, groups, *, ranked: bool) -> list[int]:
        if ranked:
            return self.ranked_pks(queryset, terms, groups, None)
        IndexEntry = _index_tables()
        pk_sql, pk_params = _pk_subquery(queryset)
        cfg, cfg_params = self._cfg()
        sql = (
            f"SELECT CAST(ie.object_id AS INTEGER) FROM {IndexEntry._meta.db_table} ie "  # noqa: S608
            f"WHERE ie.body @@ to_tsquery({cfg}, %s) AND ie.content_type_id = ANY(%s) "
            f"AND CAST(ie.object_id AS INTEGER) IN ({pk_sql})"
        )
        params = [*cfg_params, self._group_query(groups), _content_types(queryset.model), *pk_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def top(self, queryset, terms, groups, limit) -> tuple[list[int], int]:
        rows = self._ranking(queryset, terms, groups, limit, total=True)
        return [row[0] for row in rows], (rows[0][3] if rows else 0)


class BackendEngine(SearchEngine):
    """Any other Wagtail backend, through its own search (its ranking): a stopgap until a dedicated
    engine (Elasticsearch, issue 15) is configured with SEARCH_ENGINE."""

    LIMIT = 5000

    def match_pks(self, queryset, groups):
        pks = []
        for group in groups:
            results = queryset.model._default_manager.all().search(" ".join(group), operator="and")
            pks.extend(obj.pk for obj in results[: self.LIMIT])
        return sorted(set(pks))

    def ranked_pks(self, queryset, terms, groups, limit):
        allowed = set(queryset.filter(pk__in=self.match_pks(queryset, groups)).values_list("pk", flat=True))
        results = queryset.model._default_manager.all().search(" ".join(terms), operator="or")
        return [obj.pk for obj in results[: self.LIMIT] if obj.pk in allowed][:limit]


class _RawFts:
    """A ready FTS5 match expression for modelsearch's MatchExpression."""

    def __init__(self, expression: str):
        self.expression = expression

    def as_sql(self, compiler, connection):
        return "%s", [self.expression]

    def resolve_expression(self, *args, **kwargs):
        return self

    def get_source_expressions(self):
        return []


def _CastInt(field):
    return Cast(field, IntegerField())


@lru_cache(maxsize=1)
def _engine_for(path: str, vendor: str, backend_name: str) -> SearchEngine:
    if path:
        return import_string(path)()
    if backend_name in {"SQLiteSearchBackend", "PostgresSearchBackend"}:
        return SQLiteEngine() if vendor == "sqlite" else PostgresEngine()
    return BackendEngine()


def search_engine() -> SearchEngine:
    """The engine for this deployment: settings.SEARCH_ENGINE (a dotted path) when set, else the one that
    fits Wagtail's search backend and the database."""
    return _engine_for(getattr(settings, "SEARCH_ENGINE", ""), connection.vendor, type(get_search_backend()).__name__)


# --- The interface the pages call ------------------------------------------------------------------

RANK_DEPTH = 100


def search_filter(queryset, query: str):
    """`queryset` narrowed to the pages holding every term of `query`, or most of them (see
    `term_groups`). An empty query leaves the queryset as it is. Unordered."""
    terms = query_terms(query)
    if not terms:
        return queryset
    groups = term_groups(queryset.model, terms)
    return queryset.filter(pk__in=search_engine().match_pks(queryset, groups))


def ranked_pks(queryset, query: str, *, limit: int = RANK_DEPTH) -> tuple[int, ...]:
    """The pks of the best `limit` pages of `queryset` for `query`, best first (kept until the next change)."""
    terms = query_terms(query)
    if not terms:
        return ()

    def rank():
        return tuple(search_engine().ranked_pks(queryset, terms, term_groups(queryset.model, terms), limit))

    return memo_recent(("search-ranked", queryset_key(queryset), tuple(terms), limit), rank, weight=len)


def facet_counts(queryset, query: str, filters: dict, *, exclude: dict | None = None) -> dict | None:
    """Facet counts from the search engine when it computes them (Elasticsearch's aggregations), else None
    and the caller counts in SQL. `filters`: facet → chosen value; `exclude`: facet → values left out
    while that facet has no value (the directory's revoked centers)."""
    return search_engine().facet_counts(queryset, query, filters, exclude=exclude or {})


def rank_by_relevance(queryset, query: str, *, tie_breakers=("pk",), depth: int = RANK_DEPTH):
    """`queryset` (already matched) ordered best first: the engine's ranking for the first `depth` pages,
    the rest by `tie_breakers`; the primary key last, so the order is the same on every database."""
    order = [*tie_breakers]
    if not any(str(t).lstrip("-") == "pk" for t in order):
        order.append("pk")
    pks = ranked_pks(queryset, query, limit=depth)
    if not pks:
        return queryset.order_by(*order)
    position = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(pks)],
        default=Value(len(pks)),
        output_field=IntegerField(),
    )
    return queryset.annotate(search_position=position).order_by("search_position", *order)


# --- Match once per request, and once per change for the same words ----------------------------------


def pk_set(pks):
    """The right-hand side of `pk__in` for a list of pks of any length, as one parameter (a JSON array
    on SQLite, an array on PostgreSQL), so a page can reuse a search's hits in several queries without
    running the search again or passing thousands of parameters."""
    pks = [int(pk) for pk in pks]
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(pks)])
    if connection.vendor == "postgresql":  # an array literal: psycopg adapts a list item by item (5× slower)
        return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, pks)) + "}"])
    return pks


class SearchHits:
    """The pages of a queryset that match a query, found with one query to the index; `pks` (a sequence of
    ints, shared: never changed) best first when ranked. Filter other querysets with `filter()` (no second
    search) and order loaded pages with `in_order()`."""

    def __init__(self, pks, *, ranked: bool):
        self.pks = pks
        self.ranked = ranked
        self._pk_set = None

    def __len__(self) -> int:
        return len(self.pks)

    def filter(self, queryset):
        """`queryset` narrowed to these hits (the pks are serialised once, however often this is called)."""
        if self._pk_set is None:
            self._pk_set = pk_set(self.pks)
        return queryset.filter(pk__in=self._pk_set)

    def in_order(self, pks) -> list:
        """`pks` (a subset of the hits, any iterable) in the hits' order."""
        wanted = set(pks)
        return [pk for pk in self.pks if pk in wanted]


def search_hits(queryset, query: str, *, ranked: bool = True) -> SearchHits | None:
    """Every page of `queryset` matching `query` (see `search_filter`), best first when `ranked` (every
    term first, then relevance, then pk), from one query to the index, kept until the next change
    (`memo_recent`: the next page of the list, another filter). None for a query without terms."""
    terms = query_terms(query)
    if not terms:
        return None

    def find():
        groups = term_groups(queryset.model, terms)
        return array("q", search_engine().hits(queryset, terms, groups, ranked=ranked))

    pks = memo_recent(("search-hits", queryset_key(queryset), tuple(terms), ranked), find, weight=len)
    return SearchHits(pks, ranked=ranked)


def search_tops(querysets, query: str, *, limit: int) -> list[tuple[tuple[int, ...], int]]:
    """For each queryset, the best `limit` pks for `query` and how many pages match in all (site search's
    groups) — querysets that need the same terms answered together, in one pass over the index where the
    engine allows; kept until the next change. ((), 0) each for a query without terms."""
    terms = query_terms(query)
    if not terms:
        return [((), 0) for _ in querysets]
    key = ("search-tops", tuple(queryset_key(queryset) for queryset in querysets), tuple(terms), limit)
    return memo_recent(key, lambda: _tops(querysets, terms, limit), weight=lambda tops: sum(len(t) for t, _ in tops))


def _tops(querysets, terms, limit) -> list[tuple[tuple[int, ...], int]]:
    found = [((), 0) for _ in querysets]
    alike = {}  # the groups of terms a match must hold (they depend on the page type) -> positions
    for position, queryset in enumerate(querysets):
        alike.setdefault(tuple(term_groups(queryset.model, terms)), []).append(position)
    engine = search_engine()
    for groups, positions in alike.items():
        tops = engine.tops([querysets[p] for p in positions], terms, list(groups), limit)
        for position, (top, total) in zip(positions, tops, strict=True):
            found[position] = (tuple(top), total)
    return found


def load_in_order(queryset, pks) -> list:
    """The pages of `queryset` with these pks, in the order of `pks` (one query; the database does not sort
    them by the model's default ordering first)."""
    found = {obj.pk: obj for obj in queryset.filter(pk__in=list(pks)).order_by()}
    return [found[pk] for pk in pks if pk in found]
