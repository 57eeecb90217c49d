import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .constants import ItemStatus, ItemType, OnlineDepth
from .models import Department, Region, ServiceItem, Topic
from .scoping import scope_for


class ServiceItemFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all()
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.select_related("region")
    )
    topics = django_filters.ModelChoiceFilter(
        label=_("Topic"), queryset=Topic.objects.all()
    )
    item_type = django_filters.ChoiceFilter(
        label=_("Item type"), choices=ItemType.choices
    )
    online_depth = django_filters.ChoiceFilter(
        label=_("Online depth"), choices=OnlineDepth.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ItemStatus.choices)
    is_high_frequency = django_filters.BooleanFilter(label=_("High-frequency item"))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        scope = scope_for(getattr(request, "user", None))
        if not scope.unrestricted:
            # Only offer the names of regions and departments the editor works on.
            self.filters["region"].queryset = Region.objects.filter(
                pk__in=scope.region_ids
            )
            self.filters["department"].queryset = Department.objects.filter(
                region_id__in=scope.region_ids
            )

    class Meta:
        model = ServiceItem
        fields = [
            "region",
            "department",
            "topics",
            "item_type",
            "online_depth",
            "status",
            "is_high_frequency",
            "live",
        ]
