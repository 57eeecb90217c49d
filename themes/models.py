"""The per-site theme setting: theme, logo and brand colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .colours import BrandColourValidator
from .registry import DEFAULT_THEME, get_theme, theme_choices


@register_setting(icon="view")
class ThemeSettings(BaseSiteSetting):
    """What a site looks like; each Wagtail Site has its own row."""

    theme = models.CharField(
        _("theme"), max_length=30, choices=theme_choices, default=DEFAULT_THEME
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        blank=True,
        validators=[BrandColourValidator()],
        help_text=_("Header and button colour as #rrggbb; empty for the theme's."),
    )
    brand_colour_dark = models.CharField(
        _("dark brand colour"),
        max_length=7,
        blank=True,
        validators=[BrandColourValidator()],
        help_text=_("Hover and focus shade; empty for the theme's."),
    )

    panels = [
        FieldPanel("theme"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("brand_colour"), FieldPanel("brand_colour_dark")]),
    ]

    class Meta:
        verbose_name = _("theme")

    def __str__(self):
        return str(get_theme(self.theme).label)

    @property
    def resolved(self):
        return get_theme(self.theme)

    def css_overrides(self) -> dict[str, str]:
        """Custom properties this site sets on top of its theme's stylesheet."""
        overrides = {}
        if self.brand_colour:
            overrides["--color-brand"] = self.brand_colour
        if self.brand_colour_dark:
            overrides["--color-brand-dark"] = self.brand_colour_dark
        return overrides
