from django import template

from ..routing import item_url as _item_url
from ..routing import subpage_url

register = template.Library()


@register.simple_tag(takes_context=True)
def item_url(context, item):
    return _item_url(item.implementation_code, context.get("request"))


@register.simple_tag(takes_context=True)
def topic_url(context, topic):
    return subpage_url(
        "topic", [topic.audience_group, topic.code], context.get("request")
    )


@register.simple_tag(takes_context=True)
def department_url(context, department):
    return subpage_url("department", [department.pk], context.get("request"))


@register.simple_tag(takes_context=True)
def life_event_url(context, event):
    return subpage_url("life_event", [event.slug], context.get("request"))


@register.filter
def percent(value):
    """0.4749 → '47.5%'; None → '–'."""
    if value is None:
        return "–"
    return f"{value * 100:.1f}%"
