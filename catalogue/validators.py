"""Validators for national-standard codes and contact details."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 18 characters from this alphabet (no I, O, S, V, Z).
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    total = sum(
        _CREDIT_ALPHABET.index(c) * w
        for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


@deconstructible
class CreditCodeValidator:
    """统一社会信用代码: 18 characters with a GB 32100 check character."""

    message = _("Enter a valid 18-character unified social credit code.")
    code = "invalid_credit_code"

    def __call__(self, value):
        value = (value or "").upper()
        if len(value) != 18 or any(c not in _CREDIT_ALPHABET for c in value):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        if credit_code_check_character(value[:17]) != value[17]:
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, CreditCodeValidator)


@deconstructible
class PhoneValidator:
    """A service phone: digits with optional spaces, hyphens, brackets or commas."""

    message = _("Enter a phone number using digits (hyphens and brackets allowed).")
    code = "invalid_phone"
    pattern = re.compile(r"^[0-9()（）+\- ,，、/]+\Z")

    def __call__(self, value):
        if value and not self.pattern.match(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, PhoneValidator)


@deconstructible
class CatalogueCodeValidator:
    """基本编码: letters and digits only, kept as text so leading zeros survive."""

    message = _("A catalogue code holds only letters and digits.")
    code = "invalid_catalogue_code"
    pattern = re.compile(r"^[0-9A-Za-z]+\Z")

    def __call__(self, value):
        if value and not self.pattern.match(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, CatalogueCodeValidator)


@deconstructible
class ImplementationCodeValidator:
    """实施编码: the public key used in URLs; no spaces or slashes."""

    message = _("An implementation code holds letters, digits and hyphens only.")
    code = "invalid_implementation_code"
    pattern = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_.]*\Z")

    def __call__(self, value):
        if value and not self.pattern.match(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, ImplementationCodeValidator)
