"""Queries other templates use to find guides and videos."""

from django.db.models import Q

from catalogue.services import RelatedLink


def videos_for(target_type: str, key: str):
    """Live video tutorials attached to a material or a form step by ``key``."""
    from .models import VideoPage

    return (
        VideoPage.objects.live()
        .filter(attachments__target_type=target_type, attachments__target_key=key)
        .distinct()
        .order_by("title")
    )


def related_links(item, request=None) -> list[RelatedLink]:
    """Guides and videos for an item guide (registered with the catalogue)."""
    from .models import GuidePage, VideoPage

    guides = (
        GuidePage.objects.live()
        .filter(item_links__item_id=item.pk)
        .distinct()
        .order_by("title")
    )
    material_prefix = f"{item.implementation_code}/"
    videos = (
        VideoPage.objects.live()
        .filter(
            Q(item_links__item_id=item.pk)
            | Q(
                attachments__target_type="material",
                attachments__target_key__startswith=material_prefix,
            )
        )
        .distinct()
        .order_by("title")
    )
    return [
        *(RelatedLink(g.title, g.get_url(request), "guide", g.intro) for g in guides),
        *(RelatedLink(v.title, v.get_url(request), "video", v.summary) for v in videos),
    ]
