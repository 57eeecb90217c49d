from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalogue import services as catalogue_services

        from . import form_indexing, linked_documents, regions
        from .content import indexing as content_indexing
        from .content.services import related_links

        catalogue_services.register_related_content(related_links)
        # A city portal lists its own regions' items (PortalSettings.scope_to_region).
        catalogue_services.register_site_scope(regions.site_scope)
        # Guides, videos and forms reach the search index like items do.
        content_indexing.connect()
        form_indexing.connect()
        # Their documents name the items they explain: follow those items' changes.
        linked_documents.connect()
        # Cached public pages go when what they show is published or imported.
        from .pagecache import purge as page_cache_purge

        page_cache_purge.connect()
