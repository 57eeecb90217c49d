"""Admin viewsets: service items, high-frequency lists and reference data."""

from functools import wraps

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import (
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .choosers import ServiceItemChooserViewSet
from .filters import ServiceItemFilterSet
from .forms import (
    HighFrequencyListAdminForm,
    ServiceHallAdminForm,
    ServiceItemAdminForm,
)
from .models import (
    Bundle,
    Department,
    EditorScope,
    HighFrequencyList,
    LifeEvent,
    Region,
    ServiceHall,
    ServiceItem,
    Topic,
)
from .panels import ItemKpiPanel, RuleWarningsPanel
from .scoping import scope_for


def scoped_object_view(view, get_queryset):
    """404 for any object outside the user's scope, whatever the view does."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and not get_queryset(request).filter(pk=pk).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class ScopedSnippetViewSet(SnippetViewSet):
    """Every listing and every per-object URL is limited to the user's scope."""

    def scoped_queryset(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scoped_queryset(request)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in str(pattern.pattern):
                pattern.callback = scoped_object_view(
                    pattern.callback, self.scoped_queryset
                )
        return patterns


LISTING_BUTTONS_HOOK = "register_service_item_listing_buttons"


class ServiceItemIndexView(IndexView):
    """The item listing; higher layers add header buttons (e.g. export) by hook.

    Each ``register_service_item_listing_buttons`` hook gets the request (with
    the listing's filters in ``request.GET``) and returns Wagtail buttons, so
    the catalogue never imports the apps that provide them.
    """

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for hook in hooks.get_hooks(LISTING_BUTTONS_HOOK):
            buttons.extend(hook(self.request))
        return buttons


class ServiceItemViewSet(ScopedSnippetViewSet):
    model = ServiceItem
    index_view_class = ServiceItemIndexView
    icon = "doc-full"
    menu_label = _("Service items")
    menu_name = "service_items"
    filterset_class = ServiceItemFilterSet
    list_display = [
        "name",
        "implementation_code",
        "region",
        "department",
        "status",
        UpdatedAtColumn(),
    ]
    list_export = [
        "implementation_code",
        "catalogue_code",
        "name",
        "region",
        "department",
        "status",
    ]
    ordering = ["region__sort_order", "implementation_code"]
    copy_view_enabled = False
    inspect_view_enabled = True
    chooser_viewset_class = ServiceItemChooserViewSet
    # Wagtail's database backend treats a run of Chinese characters as one
    # word, so "身份证" would miss "居民身份证换领"; substring matching finds it.
    search_backend_name = None
    search_fields = ["name", "aliases", "implementation_code", "catalogue_code"]

    def scoped_queryset(self, request):
        return ServiceItem.objects.filter(
            scope_for(request.user).item_filter()
        ).select_related("region", "department")

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    RuleWarningsPanel(),
                    ItemKpiPanel(),
                    FieldRowPanel(
                        [
                            FieldPanel("implementation_code"),
                            FieldPanel("catalogue_code"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("name"), FieldPanel("variant")]),
                    FieldPanel("aliases"),
                    FieldRowPanel([FieldPanel("region"), FieldPanel("department")]),
                    FieldPanel("handling_office"),
                    FieldRowPanel(
                        [FieldPanel("item_type"), FieldPanel("exercise_level")]
                    ),
                    FieldPanel("audience"),
                    FieldPanel("topics"),
                    FieldPanel("life_events"),
                    FieldPanel("bundles"),
                    FieldRowPanel(
                        [FieldPanel("status"), FieldPanel("is_high_frequency")]
                    ),
                ],
                heading=_("Basics"),
            ),
            ObjectList(
                [
                    FieldRowPanel(
                        [FieldPanel("handling_type"), FieldPanel("review_type")]
                    ),
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [
                                    FieldPanel("legal_limit_value"),
                                    FieldPanel("legal_limit_unit"),
                                ]
                            ),
                            FieldPanel("legal_limit_note"),
                            FieldRowPanel(
                                [
                                    FieldPanel("promised_limit_value"),
                                    FieldPanel("promised_limit_unit"),
                                ]
                            ),
                            FieldPanel("promised_limit_note"),
                        ],
                        heading=_("Time limits"),
                    ),
                    FieldRowPanel([FieldPanel("visits"), FieldPanel("is_online")]),
                    FieldPanel("must_visit_reason"),
                    FieldPanel("online_depth"),
                    FieldPanel("online_stages"),
                    FieldPanel("online_url"),
                    FieldPanel("application_form"),
                    FieldPanel("channels"),
                    FieldPanel("tongban_scope"),
                ],
                heading=_("Handling"),
            ),
            ObjectList(
                [InlinePanel("materials", heading=_("Materials"), label=_("Material"))],
                heading=_("Materials"),
            ),
            ObjectList(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("is_charged"),
                            FieldPanel("supports_online_payment"),
                        ]
                    ),
                    InlinePanel("fees", heading=_("Fee items"), label=_("Fee item")),
                    InlinePanel("steps", heading=_("Process steps"), label=_("Step")),
                ],
                heading=_("Fees and process"),
            ),
            ObjectList(
                [
                    FieldPanel("accept_conditions"),
                    FieldPanel("legal_basis"),
                    FieldRowPanel(
                        [FieldPanel("result_name"), FieldPanel("result_type")]
                    ),
                    FieldPanel("result_sample"),
                    FieldPanel("address"),
                    FieldPanel("office_hours"),
                    FieldRowPanel(
                        [FieldPanel("consult_phone"), FieldPanel("complaint_phone")]
                    ),
                    InlinePanel(
                        "faqs", heading=_("Common questions"), label=_("Question")
                    ),
                ],
                heading=_("Guide"),
            ),
        ],
        base_form_class=ServiceItemAdminForm,  # only the top-level panel's is used
    )


class HighFrequencyListViewSet(ScopedSnippetViewSet):
    model = HighFrequencyList
    icon = "pick"
    menu_label = _("High-frequency items")
    menu_name = "high_frequency"
    list_display = ["region"]
    edit_handler = ObjectList(
        [
            FieldPanel("region"),
            InlinePanel(
                "entries", heading=_("Items, in home-page order"), label=_("Item")
            ),
        ],
        base_form_class=HighFrequencyListAdminForm,
    )

    def scoped_queryset(self, request):
        scope = scope_for(request.user)
        lists = HighFrequencyList.objects.select_related("region")
        return (
            lists
            if scope.unrestricted
            else lists.filter(region_id__in=scope.region_ids)
        )


class ServiceHallViewSet(ScopedSnippetViewSet):
    """Halls are edited by the editors of their region, like item lists."""

    model = ServiceHall
    icon = "home"
    menu_label = _("Service halls")
    menu_name = "service_halls"
    list_display = ["name", "region", "status", "status_until"]
    list_filter = ["region", "status"]
    search_fields = ["name", "address"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("region"),
            FieldPanel("address"),
            FieldPanel("opening_hours"),
            FieldPanel("phone"),
            FieldPanel("appointment_info"),
            FieldPanel("items"),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("status_reason"),
                    FieldRowPanel(
                        [FieldPanel("status_from"), FieldPanel("status_until")]
                    ),
                ],
                heading=_("Operating status"),
            ),
        ],
        base_form_class=ServiceHallAdminForm,
    )

    def scoped_queryset(self, request):
        scope = scope_for(request.user)
        halls = ServiceHall.objects.select_related("region")
        return (
            halls
            if scope.unrestricted
            else halls.filter(region_id__in=scope.region_ids)
        )


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    list_display = ["name", "code", "level", "parent"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "short_name", "region", "category"]
    list_filter = ["region"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "code", "audience_group"]
    list_filter = ["audience_group"]


class LifeEventViewSet(SnippetViewSet):
    model = LifeEvent
    icon = "calendar-alt"
    list_display = ["name", "audience_group", "sort_order"]


class BundleViewSet(SnippetViewSet):
    model = Bundle
    icon = "folder-open-inverse"
    list_display = ["name", "lead_department"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Catalogue")
    menu_icon = "list-ul"
    menu_name = "catalogue"
    menu_order = 150
    items = (
        ServiceItemViewSet,
        HighFrequencyListViewSet,
        ServiceHallViewSet,
        RegionViewSet,
        DepartmentViewSet,
        TopicViewSet,
        LifeEventViewSet,
        BundleViewSet,
    )


class EditorScopeViewSet(ModelViewSet):
    model = EditorScope
    icon = "lock"
    menu_label = _("Editor scopes")
    add_to_settings_menu = True
    form_fields = ["group", "region", "department"]
    list_display = ["group", "region", "department"]
