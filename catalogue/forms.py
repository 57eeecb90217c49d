from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Department, Region
from .models.scopes import serves_item
from .scoping import scope_for


def offer_only(field, queryset):
    """Limit a model choice field to ``queryset``, listed in a plain select.

    The default chooser widget would browse every region or department,
    including those the editor may not pick.
    """
    field.widget = forms.Select()
    field.queryset = queryset


def _regions(scope):
    return Region.objects.filter(pk__in=scope.region_ids)


def region_path_codes(region) -> set[str]:
    """The region's code and the codes of every region above it."""
    codes = set()
    while region is not None:
        codes.add(region.code)
        region = region.parent
    return codes


def form_usable_by(definition, region) -> bool:
    """A form serves items of its own region and of the regions below it; a
    form without a region is shared by all."""
    return not definition.region_code or definition.region_code in region_path_codes(
        region
    )


class ServiceItemAdminForm(WagtailAdminModelForm):
    """Offers only the regions and departments inside the editor's scope, and
    only forms those regions may use."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(self.for_user)
        if scope.unrestricted:
            return
        if "application_form" in self.fields:
            codes = {""}
            for region in _regions(scope):
                codes |= region_path_codes(region)
            field = self.fields["application_form"]
            offer_only(field, field.queryset.filter(region_code__in=codes))
        if "region" in self.fields:
            offer_only(self.fields["region"], _regions(scope))
        if "department" in self.fields:
            offer_only(
                self.fields["department"],
                Department.objects.filter(pk__in=self._department_ids(scope)),
            )

    @staticmethod
    def _department_ids(scope):
        ids = set()
        for region_ids, department_id in scope.grants:
            if department_id:
                ids.add(department_id)
            else:
                ids.update(
                    Department.objects.filter(region_id__in=region_ids).values_list(
                        "pk", flat=True
                    )
                )
        return ids

    def clean(self):
        cleaned = super().clean()
        region, department = cleaned.get("region"), cleaned.get("department")
        if (
            region
            and department
            and not scope_for(self.for_user).allows(region.pk, department.pk)
        ):
            raise ValidationError(_("You can only manage items of your own region."))
        form = cleaned.get("application_form")
        if region and form and not form_usable_by(form, region):
            self.add_error(
                "application_form",
                _(
                    "This form belongs to another region (%(code)s): link a form of "
                    "%(region)s, of a region above it, or a shared one."
                )
                % {"code": form.region_code, "region": region.name},
            )
        return cleaned


class HighFrequencyListAdminForm(WagtailAdminModelForm):
    """Offers only the editor's regions; each entry must be an item of the region."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(self.for_user)
        if not scope.unrestricted and "region" in self.fields:
            offer_only(self.fields["region"], _regions(scope))

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        if region and "entries" in self.formsets:
            for form in self.formsets["entries"].forms:
                self._check_entry_region(form, region)
        return cleaned

    @staticmethod
    def _check_entry_region(form, region):
        if not form.is_valid() or form.cleaned_data.get("DELETE"):
            return
        item = form.cleaned_data.get("item")
        if item is not None and not serves_item(region, item):
            form.add_error(
                "item", _("Choose an item of this region or a region below it.")
            )


class ServiceHallAdminForm(WagtailAdminModelForm):
    """Offers the editor's regions, and items of those regions, in plain lists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ServiceItem

        scope = scope_for(self.for_user)
        if "items" in self.fields:
            field = self.fields["items"]
            field.widget = forms.SelectMultiple(attrs={"size": 12})
            field.queryset = ServiceItem.objects.filter(scope.item_filter()).order_by(
                "region__sort_order", "implementation_code"
            )
        if not scope.unrestricted and "region" in self.fields:
            offer_only(self.fields["region"], _regions(scope))
