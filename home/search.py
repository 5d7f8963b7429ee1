"""Chinese-aware text for search: the one place every index and every query goes through.

Wagtail's database backend (SQLite FTS5, PostgreSQL's default parser) treats a run of Chinese characters
as one token, so 转型 never matches inside 数字化转型促进中心. We convert Traditional to Simplified with
OpenCC, segment with jieba in search mode (which also emits the shorter words inside long ones), and add
the character bigrams of each Chinese run so that any two-character term is found. The same function is
applied to the indexed text and to the query, so both sides speak the same tokens.
"""

import re
from functools import lru_cache

import jieba
from opencc import OpenCC

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
