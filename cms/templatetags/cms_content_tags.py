from django import template

from ..content.services import videos_for as _videos_for

register = template.Library()


@register.simple_tag
def videos_for(target_type, key):
    """``{% videos_for "form_step" "form-key/step-key" as videos %}``."""
    return list(_videos_for(target_type, key))


@register.inclusion_tag("cms/includes/attached_videos.html", takes_context=True)
def attached_videos(context, target_type, key):
    """Links to the video tutorials attached to a material or form step."""
    return {
        "videos": list(_videos_for(target_type, key)),
        "request": context.get("request"),
    }
