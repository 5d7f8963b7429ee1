"""Pinyin of Chinese text (pypinyin), loaded on first use. pypinyin's dictionaries take ~56 MB in every
process that imports it, and only writing needs them — a page's index text (`home.search`), a center's sort
key (`directory.rules`), an imported center's address (`directory.importing`) — so a worker that only
serves pages never loads them (tests/bench/test_page_bench.py measures a worker's peak RSS)."""

from functools import cache


@cache
def _pypinyin():
    import pypinyin  # deferred on purpose: see the module's docstring (no import cycle involved)

    return pypinyin


def syllables(text: str, *, initials: bool = False, tones: bool = False) -> list[str]:
    """The pinyin syllables of `text`, Latin text passing through: plain (赣州 → gan zhou), their first
    letters (`initials`: g z), or with tone numbers and a neutral tone as 5 (`tones`: gan4 zhou1)."""
    pypinyin = _pypinyin()
    if initials:
        return pypinyin.lazy_pinyin(text, style=pypinyin.Style.FIRST_LETTER)
    if tones:
        return pypinyin.lazy_pinyin(text, style=pypinyin.Style.TONE3, neutral_tone_with_five=True)
    return pypinyin.lazy_pinyin(text)
