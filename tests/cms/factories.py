"""Builders for content pages (guides, videos, zones) in tests."""

from django.core.files.base import ContentFile
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtailmedia.models import get_media_model

from cms.models import (
    GuidePage,
    GuidePageItem,
    ServiceZonePage,
    VideoPage,
    VideoPageItem,
)

VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\n\xe7\xac\xac\xe4\xb8\x80\xe6\xad\xa5\n"


def make_media(title="演示视频"):
    media = get_media_model()(title=title, type="video", duration=2)
    media.file.save("demo.webm", ContentFile(b"\x1a\x45\xdf\xa3webm"), save=False)
    media.save()
    return media


def make_image(title="图片"):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def captions_file(content=VTT, name="captions.vtt"):
    return ContentFile(content, name=name)


def add_video_page(parent, *, captions=True, publish=True, items=(), **fields):
    page = VideoPage(
        title=fields.pop("title", "视频教程"),
        slug=fields.pop("slug", "video"),
        video=fields.pop("video", None) or make_media(),
        transcript=fields.pop("transcript", "<p>第一步，准备材料。</p>"),
        live=publish,
        **fields,
    )
    if captions:
        page.captions.save("captions.vtt", captions_file(), save=False)
    page.item_links = [VideoPageItem(item=item) for item in items]
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def add_guide_page(parent, *, body=(), items=(), publish=True, **fields):
    page = GuidePage(
        title=fields.pop("title", "办事图解"),
        slug=fields.pop("slug", "guide"),
        body=list(body),
        live=publish,
        **fields,
    )
    page.item_links = [GuidePageItem(item=item) for item in items]
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def add_zone(parent, *, entries=(), **fields):
    page = ServiceZonePage(
        title=fields.pop("title", "专区"),
        slug=fields.pop("slug", "zone"),
        entries=list(entries),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
