"""``{% item_apply_url item %}``: the item's online form, else its online address."""

from django import template

from ..forms_link import form_url_for
from ..web_urls import safe_web_url

register = template.Library()


@register.simple_tag
def item_apply_url(item):
    return form_url_for(item) or safe_web_url(item.online_url)
