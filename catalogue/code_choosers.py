"""Choosers whose value is a code, not a row id: an item's 事项实施编码, a
region's 区划代码.

The form builder and the inbox keep items and regions as codes (they never
import the catalogue), so they take these choosers through the context
provider (``code_chooser``).  Both are limited to the editor's scope, like
the item chooser of high-frequency lists.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from .choosers import ItemSearchFilterForm, SubstringSearchFilterForm
from .models import Region, ServiceItem
from .scoping import scope_for


class CodeValuedChooser(BaseChooser):
    """Renders and submits the chosen object's code.

    It only picks: the editor may not be allowed to edit what it names.
    """

    code_field = "code"
    show_edit_link = False

    def get_instance(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, self.model_class):
            return value
        return self.model_class.objects.filter(**{self.code_field: str(value)}).first()

    def get_value_data_from_instance(self, instance):
        data = super().get_value_data_from_instance(instance)
        data["id"] = getattr(instance, self.code_field)
        return data


class ItemCodeChooser(CodeValuedChooser):
    code_field = "implementation_code"


class RegionSearchForm(SubstringSearchFilterForm):
    searched_fields = ("name", "code")


class CodeChosenMixin:
    """The chosen object's code goes back to the widget, not its id."""

    code_field = "code"

    def get_object_id(self, instance):
        return getattr(instance, self.code_field)


class ScopedMixin:
    def scoped(self, queryset):
        raise NotImplementedError

    def get_object_list(self):
        return self.scoped(super().get_object_list())


class ItemScope(ScopedMixin):
    filter_form_class = ItemSearchFilterForm
    code_field = "implementation_code"

    def scoped(self, queryset):
        queryset = queryset.select_related("region")
        return queryset.filter(scope_for(self.request.user).item_filter())

    @property
    def columns(self):
        return [
            self.title_column,
            Column("implementation_code", label=_("implementation code")),
            Column("region", label=_("region")),
        ]


class RegionScope(ScopedMixin):
    filter_form_class = RegionSearchForm

    def scoped(self, queryset):
        scope = scope_for(self.request.user)
        if scope.unrestricted:
            return queryset
        return queryset.filter(pk__in=scope.region_ids)

    @property
    def columns(self):
        return [self.title_column, Column("code", label=_("region code"))]


class ItemChooseView(ItemScope, ChooseView):
    pass


class ItemChooseResultsView(ItemScope, ChooseResultsView):
    pass


class ItemChosenView(ItemScope, CodeChosenMixin, ChosenView):
    def get_object(self, pk):
        return self.scoped(ServiceItem.objects.all()).get(pk=pk)


class RegionChooseView(RegionScope, ChooseView):
    pass


class RegionChooseResultsView(RegionScope, ChooseResultsView):
    pass


class RegionChosenView(RegionScope, CodeChosenMixin, ChosenView):
    def get_object(self, pk):
        return self.scoped(Region.objects.all()).get(pk=pk)


class ItemCodeChooserViewSet(ChooserViewSet):
    model = ServiceItem
    icon = "doc-full"
    choose_one_text = _("Choose a service item")
    choose_another_text = _("Choose another service item")
    base_widget_class = ItemCodeChooser
    # Foreign keys to items keep the snippet chooser, which submits ids.
    register_widget = False
    choose_view_class = ItemChooseView
    choose_results_view_class = ItemChooseResultsView
    chosen_view_class = ItemChosenView
    per_page = 20


class RegionCodeChooserViewSet(ChooserViewSet):
    model = Region
    icon = "site"
    choose_one_text = _("Choose a region")
    choose_another_text = _("Choose another region")
    base_widget_class = CodeValuedChooser
    register_widget = False
    choose_view_class = RegionChooseView
    choose_results_view_class = RegionChooseResultsView
    chosen_view_class = RegionChosenView
    per_page = 20


item_code_chooser = ItemCodeChooserViewSet("item_code_chooser")
region_code_chooser = RegionCodeChooserViewSet("region_code_chooser")


def code_chooser(kind: str):
    """A widget choosing an item ("subject") or a region by code, or None."""
    viewset = {"subject": item_code_chooser, "region": region_code_chooser}.get(kind)
    return viewset.widget_class() if viewset else None
