"""Snippet viewset of form definitions (the StreamField builder), region-scoped."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .admin_forms import FormDefinitionAdminForm
from .models import FormDefinition
from .scoping import can_edit, readable_definitions, readable_or_404

# Per-object views that only read; every other one changes the form.
_READING_VIEWS = {"inspect", "usage", "history", "revisions_compare"}


class VersionsColumn(Column):
    def get_value(self, instance):
        url = reverse("formbuilder_admin:versions", args=[instance.pk])
        live = instance.live_version
        label = _("v%d live") % live.number if live else _("not published")
        return format_html(
            '<a href="{}">{} · {}</a>', url, label, _("versions, publish, preview")
        )


class PublishRefusalMixin:
    """A publish the schema checks refuse says so, names the problems and
    that nothing changed (the form is invalid, so no revision is saved)."""

    def is_valid(self, form):
        self._checked_form = form
        return super().is_valid(form)

    def get_error_message(self):
        form = getattr(self, "_checked_form", None)
        if (
            getattr(self, "action", None) != "publish"
            or self.expects_json_response
            or form is None
        ):
            return super().get_error_message()
        problems = [str(m) for m in form.errors.get("body", [])]
        problems += [str(m) for m in form.non_field_errors()]
        if not problems:
            return gettext(
                "Not published: correct the errors below. Nothing was changed; "
                "citizens keep the published version."
            )
        return gettext(
            "Not published: the form fails the checks (%(problems)s). Nothing was "
            "changed; citizens keep the published version."
        ) % {"problems": "; ".join(problems)}


class FormEditView(PublishRefusalMixin, EditView):
    pass


class FormCreateView(PublishRefusalMixin, CreateView):
    pass


def scoped(view, name):
    """Another region's form: 404.  A shared form opened to change it: its
    read-only page, with a message saying why."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        definition = readable_or_404(request.user, kwargs["pk"])
        if name not in _READING_VIEWS and not can_edit(request.user, definition):
            messages.warning(
                request,
                gettext(
                    "“%(form)s” is shared by the region above yours: you may read "
                    "it and link it to your items, but only its own region edits it."
                )
                % {"form": definition.title},
            )
            url_name = FormDefinition.snippet_viewset.get_url_name("inspect")
            return redirect(reverse(url_name, args=[definition.pk]))
        return view(request, *args, **kwargs)

    return wrapper


class FormDefinitionViewSet(SnippetViewSet):
    model = FormDefinition
    icon = "form"
    add_to_admin_menu = False
    menu_label = _("Forms")
    list_display = [
        "title",
        "slug",
        "region_code",
        VersionsColumn("versions", label=_("Published")),
    ]
    search_fields = ["title", "slug"]
    inspect_view_enabled = True
    edit_view_class = FormEditView
    add_view_class = FormCreateView

    def get_queryset(self, request):
        return readable_definitions(request.user)

    edit_handler = ObjectList(
        FormDefinition.panels, base_form_class=FormDefinitionAdminForm
    )

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in str(pattern.pattern):
                pattern.callback = scoped(pattern.callback, pattern.name)
        return patterns
