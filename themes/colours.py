"""Colour contrast (WCAG 2.1 relative luminance), used to vet brand colours."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

HEX = re.compile(r"^#[0-9a-fA-F]{6}\Z")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@deconstructible
class BrandColourValidator:
    """A ``#rrggbb`` colour that white header text can sit on (≥ 4.5:1)."""

    message = _(
        "Use a darker colour: white text on %(value)s has a contrast of "
        "%(ratio).1f:1, below the 4.5:1 the site needs."
    )
    format_message = _("Enter a colour as #rrggbb, e.g. #0b4f9c.")
    code = "low_contrast"
    minimum = 4.5

    def __call__(self, value):
        if not value:
            return
        if not HEX.match(value):
            raise ValidationError(self.format_message, code="invalid_colour")
        ratio = contrast_ratio(value, "#ffffff")
        if ratio < self.minimum:
            raise ValidationError(
                self.message, code=self.code, params={"value": value, "ratio": ratio}
            )

    def __eq__(self, other):
        return isinstance(other, BrandColourValidator)
