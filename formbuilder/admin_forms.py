"""The builder's admin form: the region is picked from the editor's regions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .scoping import region_choices_for
from .staff import region_codes_for


class FormDefinitionAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        choices = region_choices_for(user) if user is not None else None
        if choices is None or "region_code" not in self.fields:
            return
        field = self.fields["region_code"]
        if region_codes_for(user) is None:
            choices = [("", _("Shared by the whole site (no region)")), *choices]
        self.fields["region_code"] = forms.ChoiceField(
            label=field.label,
            help_text=_(
                "The region that owns this form: its editors edit and publish "
                "it, its staff process the submissions."
            ),
            choices=choices,
            required=region_codes_for(user) is not None,
            initial=choices[0][0] if len(choices) == 1 else None,
        )
