"""Small rules of the measures about centers that models, forms and services share."""

from pypinyin import Style, lazy_pinyin

from directory.models.taxonomies import CenterKind


def default_management_unit(*, kind: str, area) -> str:
    """Art. 11: a regional center is managed by its area's city bureau (赣江新区: 赣江新区经发局). An industry
    center is managed by the unit that recommended it, which only the editor knows: no default."""
    if kind == CenterKind.REGIONAL and area is not None:
        return area.bureau_name
    return ""


def pinyin_sort_key(name: str) -> str:
    """A key that sorts Chinese names in pinyin order (with tones to separate homophones), and Latin
    names alphabetically, case-insensitively: 抚州 (fu3) before 赣州 (gan4) before 南昌 (nan2)."""
    return " ".join(lazy_pinyin(name or "", style=Style.TONE3, neutral_tone_with_five=True)).lower()[:600]
