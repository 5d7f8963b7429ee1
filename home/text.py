"""Names listed in running text, in the reader's language."""

from django.conf import settings
from django.utils.translation import get_language


def name_separator(language_code: str | None = None) -> str:
    """The mark between listed names: the enumeration comma 、 in Chinese (GB/T 15834), ", " in English.
    The active language unless `language_code` is given."""
    language_code = language_code or get_language() or settings.LANGUAGE_CODE
    return "、" if language_code.lower().startswith("zh") else ", "


def join_names(names, language_code: str | None = None) -> str:
    """`names` as one run of text: 萍乡市、九江市 / Pingxiang, Jiujiang."""
    return name_separator(language_code).join(str(name) for name in names)
