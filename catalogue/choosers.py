"""Item chooser limited to the editor's scope (used by high-frequency lists)."""

from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from .scoping import scope_for


class ScopedObjectsMixin:
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
