"""Item chooser limited to the editor's scope (used by high-frequency lists)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from .scoping import scope_for


class SubstringSearchFilterForm(BaseFilterForm):
    """Substring search, as in the item listing: the database backend treats a
    run of Chinese characters as one word, so 身份证 would miss 居民身份证换领.

    It filters with the ORM, so it also works on a queryset narrowed by the
    editor's scope (the search index can filter only on indexed fields)."""

    searched_fields: tuple[str, ...] = ()

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            for term in query.split()[:8]:
                condition = Q()
                for name in self.searched_fields:
                    condition |= Q(**{f"{name}__icontains": term})
                objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


class ItemSearchFilterForm(SubstringSearchFilterForm):
    searched_fields = ("name", "aliases", "implementation_code", "catalogue_code")


class ScopedObjectsMixin:
    filter_form_class = ItemSearchFilterForm

    def scoped(self, queryset):
        return queryset.filter(scope_for(self.request.user).item_filter())

    def get_object_list(self):
        return self.scoped(super().get_object_list())


class ScopedChosenMixin:
    def get_object(self, pk):
        queryset = self.model_class.objects.filter(
            scope_for(self.request.user).item_filter()
        )
        return queryset.get(pk=pk)


class ScopedChooseView(ScopedObjectsMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedObjectsMixin, ChooseResultsView):
    pass


class ScopedChosenView(ScopedChosenMixin, SnippetChosenView):
    pass


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        objects = super().get_objects(pks)
        return objects.filter(scope_for(self.request.user).item_filter())


class ServiceItemChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
