"""Site shell: the home page and site-wide settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from .content.models import (  # noqa: F401 - Django finds the app's models here
    GuidePage,
    GuidePageItem,
    ServiceZonePage,
    VideoAttachment,
    VideoPage,
    VideoPageItem,
)
from .regions import REGION_COOKIE, selected_region, site_regions
from .worker.models import WorkerHeartbeat  # noqa: F401


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Per-site portal facts shown in the shell (hotline, default region)."""

    default_region_code = models.CharField(
        _("default region code"),
        max_length=12,
        blank=True,
        help_text=_("The region a visitor sees before choosing one."),
    )
    scope_to_region = models.BooleanField(
        _("only this region"),
        default=False,
        help_text=_(
            "Visitors of this site see the default region and the regions below it only."
        ),
    )
    hotline = models.CharField(_("help hotline"), max_length=30, default="12345")
    footer_note = models.TextField(_("footer note"), blank=True)

    panels = [
        FieldPanel("default_region_code"),
        FieldPanel("scope_to_region"),
        FieldPanel("hotline"),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = _("portal settings")


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = [
        "catalogue.CatalogueIndexPage",
        "cms.GuidePage",
        "cms.VideoPage",
        "cms.ServiceZonePage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from catalogue import services as catalogue_services

        region = selected_region(request)
        context.update(catalogue_services.home_page_sections(region=region))
        context["regions"] = site_regions(request, context["regions"])
        zones = ServiceZonePage.objects.live().descendant_of(self)
        context["zones"] = zones.current()
        change = zones.next_change()
        if change is not None:
            # The cached home page must not outlive a zone's start or end.
            from .pagecache import policy

            policy.limit_until(request, change)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        code = request.GET.get("region")
        region = selected_region(request)
        # Remember only a code that named a region, not the fallback's.
        if code and region is not None and region.code == code:
            response.set_cookie(
                REGION_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax"
            )
        return response
