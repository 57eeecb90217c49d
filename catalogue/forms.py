from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Department, Region
from .scoping import scope_for


class ServiceItemAdminForm(WagtailAdminModelForm):
    """Offers only the regions and departments inside the editor's scope."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(self.for_user)
        if scope.unrestricted:
            return
        if "region" in self.fields:
            self.fields["region"].queryset = Region.objects.filter(pk__in=scope.region_ids)
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.filter(
                pk__in=self._department_ids(scope)
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
        if region and department and not scope_for(self.for_user).allows(
            region.pk, department.pk
        ):
            raise ValidationError(_("You can only manage items of your own region."))
        return cleaned
