"""The builder's status panel: the published version, the diff of the draft
against it (one click), and the materials upload fields may be linked to."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class BuilderStatusPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Published version"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "builder_status"

    class BoundPanel(Panel.BoundPanel):
        template_name = "formbuilder/admin/builder_status_panel.html"

        def get_context_data(self, parent_context=None):
            from .scoping import material_names_for

            context = super().get_context_data(parent_context)
            definition = self.instance
            saved = bool(definition and definition.pk)
            live = definition.live_version if saved else None
            context.update(
                saved=saved,
                definition=definition,
                live=live,
                has_draft=saved
                and live is not None
                and definition.has_unpublished_changes,
                materials=material_names_for(definition) if saved else [],
                builder_strings={
                    "always": gettext("— always shown —"),
                    "none": gettext("— no material —"),
                    "typed": gettext("— choose the answer —"),
                    "other": gettext("%s (no longer in the form)"),
                },
            )
            return context
