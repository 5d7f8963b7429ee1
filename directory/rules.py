"""Small rules of the measures about centers that models, forms and services share."""

from pypinyin import Style, lazy_pinyin

from directory.models.taxonomies import CenterKind


def management_unit_for(*, kind: str, area, recommended_by: str = "") -> str:
    """Art. 11: a regional center is managed by its area's city bureau (赣江新区: 赣江新区经发局); an industry
    center by the unit that recommended it (`recommended_by`, which only the editor knows).

    For a regional center the area's bureau wins over whatever was typed, so a center moved to another
    area is managed by the new area's bureau at once."""
    if kind == CenterKind.REGIONAL and area is not None:
        return area.bureau_name
    return recommended_by


def pinyin_sort_key(name: str) -> str:
    """A key that sorts Chinese names in pinyin order (with tones to separate homophones), and Latin
    names alphabetically, case-insensitively: 抚州 (fu3) before 赣州 (gan4) before 南昌 (nan2)."""
    return " ".join(lazy_pinyin(name or "", style=Style.TONE3, neutral_tone_with_five=True)).lower()[:600]
