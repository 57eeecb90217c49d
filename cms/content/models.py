"""Guide pages, video tutorials and service zones (专区)."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultipleChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from .blocks import GuideBodyBlock, ZoneEntriesBlock
from .validators import WebVTTValidator

CONTENT_PARENTS = ["cms.HomePage"]


class ItemLinkMixin(models.Model):
    """One service item a guide or video explains (shown on that item's guide)."""

    item = models.ForeignKey(
        "catalogue.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("item")]

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.item)


class GuidePage(Page):
    """A step-by-step guide written by editors, linked from the items it explains."""

    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(GuideBodyBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultipleChooserPanel(
            "item_links",
            chooser_field_name="item",
            heading=_("Service items this guide explains"),
            label=_("Item"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = CONTENT_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guide page")

    def __str__(self):
        return self.title


class GuidePageItem(Orderable, ItemLinkMixin):
    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="item_links")


class VideoPageForm(WagtailAdminPageForm):
    """Video and captions are required to publish; drafts may lack them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("video", "captions"):
            if name in self.fields:
                self.fields[name].required = True
        # The admin decides between draft and publish only after validating,
        # and a new page's ``live`` is True until then; the required flags
        # above (deferred for drafts) do the check, so the model skips it.
        self.instance.publish_check_by_form = True


class VideoPage(Page):
    """A video tutorial: native player, WebVTT captions and a text transcript."""

    video = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="captions/",
        blank=True,
        validators=[FileExtensionValidator(["vtt"]), WebVTTValidator()],
        help_text=_("Required before publishing: a .vtt file with the spoken words."),
    )
    captions_language = models.CharField(
        _("captions language"), max_length=20, default="zh-Hans"
    )
    summary = models.TextField(_("summary"), blank=True)
    transcript = RichTextField(
        _("transcript"),
        blank=True,
        features=["bold", "ol", "ul"],
        help_text=_("The full text of the video for people who cannot watch it."),
    )

    base_form_class = VideoPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("video"),
        FieldPanel("poster"),
        FieldPanel("captions", required_on_save=False),
        FieldPanel("captions_language"),
        FieldPanel("transcript"),
        MultipleChooserPanel(
            "item_links",
            chooser_field_name="item",
            heading=_("Service items this video explains"),
            label=_("Item"),
        ),
        InlinePanel(
            "attachments",
            heading=_("Also show with materials or form steps"),
            label=_("Attachment"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("transcript"),
    ]
    parent_page_types = CONTENT_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("video tutorial")

    def clean(self):
        super().clean()
        if self.live and not getattr(self, "publish_check_by_form", False):
            self.check_publishable()

    def check_publishable(self):
        """Raise unless the page has what a published video needs."""
        errors = {}
        if not self.video_id:
            errors["video"] = _("Choose the video file before publishing.")
        if not self.captions:
            errors["captions"] = _(
                "Upload WebVTT captions before publishing: viewers who cannot hear "
                "the video need them."
            )
        if errors:
            raise ValidationError(errors)


class VideoPageItem(Orderable, ItemLinkMixin):
    page = ParentalKey(VideoPage, on_delete=models.CASCADE, related_name="item_links")


class AttachmentTarget(models.TextChoices):
    MATERIAL = "material", _("Material of a service item")
    FORM_STEP = "form_step", _("Step of an online form")


class VideoAttachment(Orderable):
    """A generic reference: show this video next to a material or a form step.

    The key is plain text so neither the catalogue nor the form builder has to
    know about videos: ``<implementation code>/<material name>`` for materials,
    ``<form key>/<step key>`` for form steps.
    """

    page = ParentalKey(VideoPage, on_delete=models.CASCADE, related_name="attachments")
    target_type = models.CharField(
        _("show with"), max_length=20, choices=AttachmentTarget.choices
    )
    target_key = models.CharField(
        _("key"),
        max_length=255,
        help_text=_("Material: item code/material name. Form step: form key/step key."),
    )

    panels = [FieldPanel("target_type"), FieldPanel("target_key")]

    class Meta(Orderable.Meta):
        verbose_name = _("video attachment")
        indexes = [models.Index(fields=["target_type", "target_key"])]

    def __str__(self):
        return f"{self.get_target_type_display()}: {self.target_key}"


class ServiceZoneQuerySet(PageQuerySet):
    def current(self, now=None):
        """Zones whose start has come (or is unset) and whose end has not passed."""
        now = now or timezone.now()
        return self.filter(
            Q(starts_at__isnull=True) | Q(starts_at__lte=now),
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        )

    def next_change(self, now=None):
        """The next moment a zone of these starts or ends (None: none to come)."""
        now = now or timezone.now()
        moments = [
            *self.filter(starts_at__gt=now).values_list("starts_at", flat=True),
            *self.filter(ends_at__gt=now).values_list("ends_at", flat=True),
        ]
        return min(moments, default=None)


class ServiceZonePage(Page):
    """A 专区: curated items, guides, notices and links on one theme."""

    intro = models.TextField(_("summary"), blank=True)
    starts_at = models.DateTimeField(
        _("show on the home page from"), null=True, blank=True
    )
    ends_at = models.DateTimeField(
        _("show on the home page until"),
        null=True,
        blank=True,
        help_text=_("After this time the zone drops off the home page."),
    )
    entries = StreamField(ZoneEntriesBlock(), verbose_name=_("entries"))

    objects = PageManager.from_queryset(ServiceZoneQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("entries"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = CONTENT_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("service zone")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end comes before the start.")})

    def is_current(self, now=None) -> bool:
        now = now or timezone.now()
        started = self.starts_at is None or self.starts_at <= now
        return started and (self.ends_at is None or now < self.ends_at)
