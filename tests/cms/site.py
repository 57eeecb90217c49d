"""A minimal site (home page + catalogue index) for tests of public pages."""

from wagtail.models import Page, Site

from catalogue import services as catalogue_services
from cms.models import HomePage


def make_site():
    root = Page.get_first_root_node()
    home = HomePage(title="首页", slug="home-test")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "test"},
    )
    catalogue_services.ensure_index_page(parent=home, title="办事指南")
    return home
