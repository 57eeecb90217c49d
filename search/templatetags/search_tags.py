"""Labels of facets and their values, from the sources' declarations."""

from django import template

from ..index import facet_declarations

register = template.Library()


@register.simple_tag
def facet_label(name):
    facet = facet_declarations().get(name)
    return facet.label if facet is not None else name


@register.simple_tag(takes_context=True)
def facet_value_label(context, name, value):
    if name == "region":
        return context.get("region_names", {}).get(value, value)
    return value_label(name, value)


def value_label(name, value):
    """The declared label of a facet value; the value itself when it has none."""
    facet = facet_declarations().get(name)
    return facet.values.get(value, value) if facet is not None else value


@register.simple_tag(takes_context=True)
def page_link(context, number):
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
