"""``{% item_apply_url item %}``: the item's online form, else its online address."""

from django import template

from ..forms_link import form_url_for

register = template.Library()


@register.simple_tag
def item_apply_url(item):
    return form_url_for(item) or item.online_url
