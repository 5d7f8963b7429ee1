"""Validators for identifiers the measures rely on."""

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


def normalise_credit_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def is_valid_credit_code(value: str) -> bool:
    """True for an 18-character code from the GB 32100 alphabet whose check character is right."""
    code = normalise_credit_code(value)
    if len(code) != 18 or any(ch not in CREDIT_CODE_ALPHABET for ch in code):
        return False
    return credit_code_check_character(code[:17]) == code[17]


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    if any(ch not in CREDIT_CODE_ALPHABET for ch in code):
        raise ValidationError(
            _("A unified social credit code uses digits and capital letters except I, O, S, V and Z."),
            code="credit_code_alphabet",
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "This unified social credit code is not valid: its last character does not match. Check it against the business licence."
            ),
            code="credit_code_check",
        )
