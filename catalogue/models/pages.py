"""The routable page that serves guides and listings to citizens."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .. import site_scope
from ..constants import AudienceGroup

PAGE_SIZE = 20


class CatalogueIndexPage(RoutablePageMixin, Page):
    """Serves ``<code>/`` guides plus topic, department and life-event listings.

    Items are structured models, not pages (ADR 0003); this page gives them
    public addresses, breadcrumbs and the site's look.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self
        return context

    def breadcrumbs(self, request, label):
        """Home › this index › ``label``, for the routed views."""
        crumbs = [
            {"url": ancestor.get_url(request), "label": ancestor.title}
            for ancestor in self.get_ancestors().filter(depth__gt=1).specific()
        ]
        crumbs.append({"url": self.get_url(request), "label": self.title})
        crumbs.append({"url": "", "label": label})
        return crumbs

    # --- routes ---------------------------------------------------------------
    @path("")
    def browse(self, request):
        from ..listings import browse_context

        return self.render(
            request,
            context_overrides=browse_context(),
            template="catalogue/browse.html",
        )

    @path("topics/<str:group>/<str:code>/", name="topic")
    def topic(self, request, group, code):
        from ..models import Topic

        if group not in AudienceGroup.values:
            raise Http404
        topic = get_object_or_404(Topic, audience_group=group, code=code)
        return self._listing(request, topic.items.all(), topic.name, topic)

    @path("departments/<int:pk>/", name="department")
    def department(self, request, pk):
        from ..models import Department

        department = get_object_or_404(Department, pk=pk)
        return self._listing(
            request, department.items.all(), department.name, department
        )

    @path("life-events/<str:slug>/", name="life_event")
    def life_event(self, request, slug):
        from ..models import LifeEvent

        event = get_object_or_404(LifeEvent, slug=slug)
        return self._listing(request, event.items.all(), event.name, event)

    @path("<str:code>/", name="item")
    def item(self, request, code):
        from ..guide import guide_context
        from ..models import ServiceItem

        item = get_object_or_404(ServiceItem.objects.public(), implementation_code=code)
        scope = site_scope.scope_for(request)
        if not scope.allows(item.region_id):
            url = scope.elsewhere(item) if scope.elsewhere else None
            if url is None:
                raise Http404
            return redirect(url)
        context = guide_context(item, request)
        context["breadcrumbs"] = self.breadcrumbs(request, item.name)
        return self.render(
            request,
            context_overrides=context,
            template="catalogue/service_item_guide.html",
        )

    def _listing(self, request, items, title, subject):
        items = items.public().select_related("region", "department")
        scope = site_scope.scope_for(request)
        if scope.region_ids is not None:
            items = items.filter(region_id__in=scope.region_ids)
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "breadcrumbs": self.breadcrumbs(request, title),
                "page_title": title,
                "canonical_url": request.build_absolute_uri(request.path),
                "listing_title": title,
                "subject": subject,
                "items_page": page,
            },
            template="catalogue/listing.html",
        )
