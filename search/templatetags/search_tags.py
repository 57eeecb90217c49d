from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

FACET_LABELS = {
    "type": pgettext_lazy("search facet", "Type"),
    "region": _("Region"),
    "department": _("Department"),
    "topic": _("Topic"),
    "audience": _("For"),
    "online_depth": _("Online depth"),
    "channel": _("Services"),
}
VALUE_LABELS = {
    # Context: short type labels 事项 / 指南 / 视频 / 表单 (not "办事指南").
    "type": {
        "item": pgettext_lazy("search result type", "Service item"),
        "guide": pgettext_lazy("search result type", "Guide"),
        "video": pgettext_lazy("search result type", "Video"),
        "form": pgettext_lazy("search result type", "Form"),
    },
    "audience": {
        "natural_person": _("Individuals"),
        "legal_person": _("Organisations"),
    },
    "online_depth": {
        "1": _("Level I: online consultation"),
        "2": _("Level II: online pre-review"),
        "3": _("Level III: online acceptance (at most one visit)"),
        "4": _("Level IV: fully online (no visit)"),
    },
    "channel": {
        "appointment": _("Appointments"),
        "express_in": _("Mail in materials"),
        "express_out": _("Result by post"),
    },
}


@register.simple_tag
def facet_label(name):
    return FACET_LABELS.get(name, name)


@register.simple_tag(takes_context=True)
def facet_value_label(context, name, value):
    if name == "region":
        return context.get("region_names", {}).get(value, value)
    return VALUE_LABELS.get(name, {}).get(value, value)


@register.simple_tag(takes_context=True)
def page_link(context, number):
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
