"""Validators for identifiers the measures rely on."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015) for its first 17 characters."""
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_make(body17: str) -> str:
    """A whole 统一社会信用代码: `body17` (its first 17 characters) followed by their check character."""
    return body17 + credit_code_check_character(body17)


def credit_code_for_seed(seed: int, *, division_code: str = "3601") -> str:
    """A valid but invented code for demo data and tests: an enterprise (91) registered in the area with
    `division_code` (4 digits), then "00MA" and `seed` as 7 digits, then the check character. The same
    seed always gives the same code: `credit_code_for_seed(1)` is "91360100MA0000001" + its check."""
    return credit_code_make(f"91{division_code or '3601'}00MA{seed:07d}")


# GB 32100-2015 table 1 and the codes assigned since: registration authority → organisation categories.
CREDIT_CODE_CATEGORIES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
    "2": "19",  # 外交
    "3": "123459",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他
}
# The first two digits of an administrative division code (GB/T 2260): the provinces, and "10" for units
# registered at national level (division code 100000).
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41"}
    | {"42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def normalise_credit_code(value: str) -> str:
    """A credit code as people type or paste it, made comparable: NFKC (full-width ９１Ｍ become 91M), every
    kind of space removed (the full-width space U+3000 and no-break spaces included), upper case. The one
    normaliser: every model field and form holding a credit code stores and compares this form."""
    text = unicodedata.normalize("NFKC", value or "").translate(_ZERO_WIDTH)
    return "".join(ch for ch in text if not ch.isspace()).upper()


def is_valid_credit_code(value: str) -> bool:
    """True for a code that `validate_credit_code` accepts."""
    try:
        validate_credit_code(value)
    except ValidationError:
        return False
    return True


def validate_credit_code(value: str) -> None:
    """统一社会信用代码, GB 32100-2015: 18 characters from its alphabet; a registration authority code, an
    organisation category valid for that authority, a six-digit administrative division code (its first
    two digits a province), the organisation code, and the check character. Each failure says what is
    wrong. Checks the normalised form of `value`."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    for position, ch in enumerate(code, start=1):
        if ch not in CREDIT_CODE_ALPHABET:
            raise ValidationError(
                _(
                    "“%(char)s” (character %(position)d) cannot appear in a unified social credit code: it uses "
                    "digits and capital letters except I, O, S, V and Z."
                ),
                code="credit_code_alphabet",
                params={"char": ch, "position": position},
            )
    authority, category, division = code[0], code[1], code[2:8]
    if authority not in CREDIT_CODE_CATEGORIES:
        raise ValidationError(
            _(
                "The first character, “%(char)s”, is not a registration authority code (e.g. 9 for a company, "
                "1 for a public institution, 5 for a social organisation)."
            ),
            code="credit_code_authority",
            params={"char": authority},
        )
    if category not in CREDIT_CODE_CATEGORIES[authority]:
        raise ValidationError(
            _(
                "The second character, “%(char)s”, is not an organisation category of registration authority "
                "%(authority)s (it may be %(allowed)s)."
            ),
            code="credit_code_category",
            params={"char": category, "authority": authority, "allowed": "/".join(CREDIT_CODE_CATEGORIES[authority])},
        )
    if not division.isdigit() or (division[:2] not in PROVINCE_CODES and division != "100000"):
        raise ValidationError(
            _(
                "Characters 3–8, “%(division)s”, are not an administrative division code: six digits beginning "
                "with a province's code (e.g. 36 for Jiangxi)."
            ),
            code="credit_code_division",
            params={"division": division},
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "This unified social credit code is not valid: its last character does not match. Check it against the business licence."
            ),
            code="credit_code_check",
        )
