"""Checks for Chinese identifiers: 居民身份证号, 统一社会信用代码, mobile numbers.

Plain functions (``is_valid_*``) serve the JSON Schema format checker; the
deconstructible classes serve Django forms.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$")

# GB 32100: 18 characters from this alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
_email = EmailValidator()


def id_check_char(first17: str) -> str:
    total = sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def is_valid_id_number(value: str) -> bool:
    """GB 11643: 18 characters, a real birth date, and the ISO 7064 check character."""
    if not isinstance(value, str):
        return False
    match = ID_PATTERN.match(value)
    if not match:
        return False
    try:
        birth = date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    if birth.year < 1900 or birth > date.today():
        return False
    return id_check_char(value[:17]) == value[17]


def uscc_check_char(first17: str) -> str:
    total = sum(
        USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(value: str) -> bool:
    """GB 32100 统一社会信用代码: alphabet, layout and the mod-31 check character."""
    if not isinstance(value, str) or not USCC_PATTERN.match(value):
        return False
    return uscc_check_char(value[:17]) == value[17]


def is_valid_mobile(value: str) -> bool:
    return isinstance(value, str) and bool(MOBILE_PATTERN.match(value))


def is_valid_email(value: str) -> bool:
    if not isinstance(value, str):
        return False
    try:
        _email(value)
    except ValidationError:
        return False
    return True


@deconstructible
class PredicateValidator:
    """A Django validator over one of the ``is_valid_*`` predicates."""

    predicate = staticmethod(lambda value: True)
    message = _("Enter a valid value.")
    code = "invalid"

    def __call__(self, value):
        if value and not self.predicate(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return type(self) is type(other)


class IdNumberValidator(PredicateValidator):
    predicate = staticmethod(is_valid_id_number)
    message = _("Enter a valid 18-digit resident ID number.")
    code = "id_number"


class CreditCodeValidator(PredicateValidator):
    predicate = staticmethod(is_valid_credit_code)
    message = _("Enter a valid 18-character unified social credit code.")
    code = "credit_code"


class MobileValidator(PredicateValidator):
    predicate = staticmethod(is_valid_mobile)
    message = _("Enter a valid 11-digit mobile phone number.")
    code = "mobile"
