"""Demo halls, guides, a video tutorial, a zone and the city site.

Called from ``cms.demo.load_demo``; idempotent: pages are found by slug,
files by title, sites by hostname, so a second run creates nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtailmedia.models import get_media_model

from catalogue import services as catalogue_services

from .models import (
    GuidePage,
    GuidePageItem,
    ServiceZonePage,
    VideoAttachment,
    VideoPage,
    VideoPageItem,
)

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
CONTENT_FILE = DEMO_DIR / "content.json"
MEDIA_DIR = DEMO_DIR / "media"


def load_content(home, path: Path = CONTENT_FILE) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    catalogue_services.upsert_halls(data["halls"])
    video = _ensure_video_page(home)
    guide = _ensure_guide_page(home, video)
    _ensure_zone(home, guide, video)
    for row in data["sites"]:
        _ensure_site(home, row)


def _item_id(code):
    item = catalogue_services.item_by_code(code)
    return item.pk if item else None


def _publish_new(home, page):
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _ensure_video_page(home) -> VideoPage:
    existing = VideoPage.objects.child_of(home).filter(slug="photograph-hukou").first()
    if existing:
        return existing
    media = _ensure_media()
    page = VideoPage(
        title="视频教程：如何拍摄户口簿",
        slug="photograph-hukou",
        summary="一分钟学会用手机拍出清晰、完整、可用于网上办事的户口簿照片。",
        video=media,
        poster=_ensure_image("视频封面：拍摄户口簿", "photo-tutorial-poster.png"),
        captions_language="zh-Hans",
        transcript=(
            "<ol><li>把户口簿平放在光线充足的桌面上。</li>"
            "<li>翻到首页和本人页，四角都要拍进画面。</li>"
            "<li>手机与纸面保持平行，避免反光和阴影。</li>"
            "<li>检查照片清晰后再上传。</li></ol>"
        ),
    )
    page.captions.save(
        "photo-tutorial.vtt",
        ContentFile((MEDIA_DIR / "photo-tutorial.vtt").read_bytes()),
        save=False,
    )
    page.item_links = [VideoPageItem(item_id=_item_id("HC-GA-001"))]
    page.attachments = [
        VideoAttachment(target_type="material", target_key="HC-GA-002/居民户口簿")
    ]
    return _publish_new(home, page)


def _ensure_media():
    Media = get_media_model()
    media = Media.objects.filter(title="拍摄户口簿演示").first()
    if media is None:
        media = Media(
            title="拍摄户口簿演示", type="video", duration=4, width=320, height=180
        )
        media.file.save(
            "photo-tutorial.webm",
            ContentFile((MEDIA_DIR / "photo-tutorial.webm").read_bytes()),
            save=False,
        )
        media.save()
    return media


def _ensure_image(title, filename):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        with (MEDIA_DIR / filename).open("rb") as handle:
            image = Image(title=title, file=ImageFile(handle, name=filename))
            image.save()
    return image


def _ensure_guide_page(home, video) -> GuidePage:
    existing = (
        GuidePage.objects.child_of(home).filter(slug="id-card-first-time").first()
    )
    if existing:
        return existing
    page = GuidePage(
        title="图解：第一次办理居民身份证",
        slug="id-card-first-time",
        intro="从准备材料到领取证件，四步办完；未满十六周岁由监护人陪同。",
        body=_guide_body(video, catalogue_services.item_by_code("HC-GA-001")),
    )
    page.item_links = [
        GuidePageItem(item_id=_item_id(code)) for code in ("HC-GA-001", "QH-GA-001")
    ]
    return _publish_new(home, page)


# The demo guide's 办理步骤, one block of its StreamField.
GUIDE_STEPS = [
    {
        "title": "准备材料",
        "body": "<p>居民户口簿、近期正面免冠彩色照片；未成年人带上监护人身份证。</p>",
        "image": None,
    },
    {
        "title": "网上预约",
        "body": "<p>在“江海办事”App选择海川市民中心和办理时段。</p>",
        "image": None,
    },
    {
        "title": "现场采集",
        "body": "<p>到户籍窗口核验身份、采集人像和指纹，缴纳工本费。</p>",
        "image": None,
    },
    {
        "title": "领取证件",
        "body": "<p>10个工作日内到窗口领取，也可选择邮寄到家。</p>",
        "image": None,
    },
]


def _guide_body(video, item) -> list:
    """StreamField content of the demo guide: text, steps, callout, table, video, item."""
    return [
        (
            "text",
            "<p>首次申领居民身份证需要本人到场采集人像和指纹。请先准备好下列材料。</p>",
        ),
        ("steps", GUIDE_STEPS),
        (
            "callout",
            {
                "kind": "warning",
                "title": "东区分中心暂停窗口服务",
                "body": "<p>改造期间请前往市民中心办理，或先在网上预约。</p>",
            },
        ),
        (
            "table",
            {
                "table_caption": "费用与时限",
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "data": [
                    ["项目", "标准"],
                    ["工本费", "20元/证"],
                    ["承诺时限", "10个工作日"],
                ],
            },
        ),
        ("video", {"video": video}),
        (
            "item",
            {
                "item": item,
                "label": "查看办事指南：居民身份证申领（首次申领）",
            },
        ),
    ]


def _ensure_zone(home, guide, video) -> ServiceZonePage:
    existing = (
        ServiceZonePage.objects.child_of(home).filter(slug="id-card-zone").first()
    )
    if existing:
        return existing
    page = ServiceZonePage(
        title="证件办理专区",
        slug="id-card-zone",
        intro="身份证、户口相关事项集中办理。",
        entries=[
            (
                "notice",
                {
                    "title": "东区分中心窗口服务暂停",
                    "date": None,
                    "body": "<p>改造期间请前往海川市民中心办理。</p>",
                },
            ),
            (
                "item",
                {"item": catalogue_services.item_by_code("HC-GA-001"), "label": ""},
            ),
            (
                "item",
                {"item": catalogue_services.item_by_code("HC-GA-002"), "label": ""},
            ),
            ("guide", {"page": guide}),
            ("guide", {"page": video}),
        ],
    )
    return _publish_new(home, page)


def _ensure_site(home, row) -> Site:
    from themes.models import ThemeSettings

    from ..models import PortalSettings

    site = Site.objects.filter(hostname=row["hostname"]).first()
    if site is None:
        site = Site.objects.create(
            hostname=row["hostname"],
            port=80,
            root_page=home,
            site_name=row["site_name"],
        )
    if site.site_name != row["site_name"]:
        site.site_name = row["site_name"]
        site.save()
    theme = ThemeSettings.for_site(site)
    if theme.theme != row["theme"]:
        theme.theme = row["theme"]
        theme.save()
    portal = PortalSettings.for_site(site)
    wanted = (row["region_code"], row.get("scope_to_region", False))
    if (portal.default_region_code, portal.scope_to_region) != wanted:
        portal.default_region_code, portal.scope_to_region = wanted
        portal.save()
    return site
