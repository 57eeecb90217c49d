"""Snippet viewset of form definitions (the StreamField builder)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FormDefinition


class VersionsColumn(Column):
    def get_value(self, instance):
        url = reverse("formbuilder_admin:versions", args=[instance.pk])
        live = instance.live_version
        label = _("v%d live") % live.number if live else _("not published")
        return format_html(
            '<a href="{}">{} · {}</a>', url, label, _("versions, publish, preview")
        )


class FormDefinitionViewSet(SnippetViewSet):
    model = FormDefinition
    icon = "form"
    add_to_admin_menu = False
    menu_label = _("Forms")
    list_display = ["title", "slug", VersionsColumn("versions", label=_("Published"))]
    search_fields = ["title", "slug"]
