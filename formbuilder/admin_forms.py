"""The builder's admin forms: the region is chosen among the editor's regions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .scoping import code_chooser, region_choices_for
from .staff import region_codes_for

REGION_HELP = _(
    "The region that owns this form: its editors edit and publish it, its "
    "staff process the submissions."
)
SHARED_HELP = _("Leave it empty for a form shared by the whole site.")


def region_field(user, label) -> forms.ChoiceField | None:
    """A field for the owning region's code, or None (the model field stays).

    It accepts only the user's regions; an unrestricted user may also leave
    it empty (shared).  The site's region chooser is the widget when there
    is one, else a select.
    """
    choices = region_choices_for(user) if user is not None else None
    if choices is None:
        return None
    scoped = region_codes_for(user) is not None
    if not scoped:
        choices = [("", _("Shared by the whole site (no region)")), *choices]
    widget = code_chooser("region")
    return forms.ChoiceField(
        label=label,
        help_text=REGION_HELP if scoped else f"{REGION_HELP} {SHARED_HELP}",
        choices=choices,
        required=scoped,
        initial=choices[0][0] if len(choices) == 1 else None,
        **({"widget": widget} if widget is not None else {}),
    )


class FormDefinitionAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region_code" not in self.fields:
            return
        user = getattr(self, "for_user", None)
        field = region_field(user, self.fields["region_code"].label)
        if field is not None:
            self.fields["region_code"] = field
