"""The themes this install ships: a name, a token stylesheet and brand colours.

A theme is a stylesheet of design tokens (CSS custom properties) loaded after
``themes/base.css``; sites pick one in their ``ThemeSettings``.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    stylesheet: str
    brand: str
    brand_dark: str


THEMES: dict[str, Theme] = {
    theme.key: theme
    for theme in (
        Theme(
            "gov-blue",
            _("Government blue (province)"),
            "themes/gov-blue.css",
            "#0b4f9c",
            "#083b75",
        ),
        Theme(
            "city-teal", _("City teal"), "themes/city-teal.css", "#00696b", "#004d4f"
        ),
    )
}
DEFAULT_THEME = "gov-blue"


def theme_choices():
    return [(theme.key, theme.label) for theme in THEMES.values()]


def get_theme(key: str) -> Theme:
    return THEMES.get(key) or THEMES[DEFAULT_THEME]
