"""StreamField blocks of guide pages and service zones."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=120)
    body = blocks.RichTextBlock(
        label=_("details"), features=RICH_FEATURES, required=False
    )
    image = ImageChooserBlock(label=_("image"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class StepsBlock(blocks.ListBlock):
    """Numbered steps; the numbers come from CSS counters, so they stay in order."""

    def __init__(self, **kwargs):
        super().__init__(StepBlock(), **kwargs)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "cms/blocks/steps.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("text alternative"),
        required=False,
        help_text=_("What the image shows, for screen readers; empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/figure.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("info", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False)
    body = blocks.RichTextBlock(label=_("text"), features=RICH_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "cms/blocks/callout.html"


class VideoBlock(blocks.StructBlock):
    """Embeds a video tutorial page, so captions and transcript come along."""

    video = blocks.PageChooserBlock(
        label=_("video tutorial"), page_type="cms.VideoPage"
    )

    class Meta:
        icon = "media"
        label = _("Video tutorial")
        template = "cms/blocks/video.html"


class ItemLinkBlock(blocks.StructBlock):
    item = SnippetChooserBlock("catalogue.ServiceItem", label=_("service item"))
    label = blocks.CharBlock(
        label=_("link text"), required=False, help_text=_("Empty for the item's name.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Link to a service item")
        template = "cms/blocks/item_link.html"


class LinkBlock(blocks.StructBlock):
    """A page on this site or an address elsewhere (e.g. an online form)."""

    label = blocks.CharBlock(label=_("link text"))
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("web address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "cms/blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Choose a page or enter an address, not both.")
                    )
                }
            )
        return value


class GuideBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", *RICH_FEATURES], icon="pilcrow"
    )
    steps = StepsBlock()
    image = FigureBlock()
    callout = CalloutBlock()
    table = TableBlock(label=_("Table"), template="cms/blocks/table.html")
    video = VideoBlock()
    item = ItemLinkBlock()
    link = LinkBlock()


class NoticeBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    date = blocks.DateBlock(label=_("date"), required=False)
    body = blocks.RichTextBlock(label=_("text"), features=RICH_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Notice")
        template = "cms/blocks/notice.html"


class ContentPageBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(
        label=_("guide or video"), page_type=["cms.GuidePage", "cms.VideoPage"]
    )

    class Meta:
        icon = "doc-empty"
        label = _("Guide or video")
        template = "cms/blocks/content_page.html"


class ZoneEntriesBlock(blocks.StreamBlock):
    """What a zone shows, in the editor's order."""

    item = ItemLinkBlock()
    guide = ContentPageBlock()
    notice = NoticeBlock()
    link = LinkBlock()
