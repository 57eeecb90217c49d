"""Demo content: the fictional catalogue, pages, editor groups and users.

Everything here is idempotent: a second run finds what the first created
and changes nothing.  Items are written through ``catalogue.services``.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, Site

from catalogue import services as catalogue_services
from formbuilder import demo as form_demo
from search import services as search_services

from .content.demo import load_content
from .models import HomePage, PortalSettings

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "catalogue.json"
HOME_TITLE = "首页"
_OLD_HOME_TITLE = "办事 · 政务服务网"

EDITOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("catalogue", "serviceitem", "add_serviceitem"),
    ("catalogue", "serviceitem", "change_serviceitem"),
    ("catalogue", "serviceitem", "view_serviceitem"),
    ("catalogue", "serviceitem", "lock_serviceitem"),
    ("catalogue", "highfrequencylist", "change_highfrequencylist"),
    ("catalogue", "highfrequencylist", "view_highfrequencylist"),
    ("formbuilder", "submission", "view_submission"),
    ("formbuilder", "submission", "process_submission"),
    # Region editors build and publish their region's forms (scoped by region).
    ("formbuilder", "formdefinition", "add_formdefinition"),
    ("formbuilder", "formdefinition", "change_formdefinition"),
    ("formbuilder", "formdefinition", "view_formdefinition"),
    ("formbuilder", "formdefinition", "publish_formdefinition"),
]
APPROVER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    ("catalogue", "serviceitem", "publish_serviceitem"),
    ("catalogue", "serviceitem", "delete_serviceitem"),
    ("catalogue", "serviceitem", "unlock_serviceitem"),
]


@dataclass
class DemoResult:
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def load_demo(path: Path = DEMO_FILE) -> DemoResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        catalogue_services.sync_reference_data(data)
        upserted = catalogue_services.upsert_items(data["items"])
        catalogue_services.link_application_forms(
            form_demo.load_demo_forms(region_code=data["regions"][0]["code"])
        )
        form_demo.load_city_forms({r["name"]: r["code"] for r in data["regions"]})
        form_demo.load_demo_applications()
        for region_code, codes in data["high_frequency"].items():
            catalogue_services.set_high_frequency_items(
                region_code=region_code, codes=codes
            )
        home = _ensure_pages(default_region=data["regions"][0]["code"])
        load_content(home)
        _ensure_workflow()
        logins = _ensure_users(data["regions"])
    # Pages and forms are indexed as they publish; a rebuild also picks up
    # the item names of forms linked after they were published.
    search_services.rebuild_index()
    return DemoResult(
        items_created=len(upserted.created),
        items_updated=len(upserted.updated),
        items_unchanged=len(upserted.unchanged),
        logins=logins,
    )


def _ensure_pages(default_region: str) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=HOME_TITLE, slug="home-banshi")
        root.add_child(instance=home)
        home.save_revision().publish()
    elif home.title == _OLD_HOME_TITLE:
        # Both sites share the home page; each shows its own name as the H1.
        home.title = HOME_TITLE
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="办事"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    # The welcome page Wagtail's first migration creates is not part of the demo.
    Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage).delete()
    catalogue_services.ensure_index_page(parent=home, title="办事指南")
    settings_row = PortalSettings.for_site(site)
    if not settings_row.default_region_code:
        settings_row.default_region_code = default_region
        settings_row.save()
    return home


def _permissions(triples):
    found = []
    for app_label, model, codename in triples:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        found.append(
            Permission.objects.get(content_type=content_type, codename=codename)
        )
    return found


def _ensure_group(name, permissions, region_code):
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*_permissions(permissions))
    catalogue_services.bind_group_to_region(group=group, region_code=region_code)
    return group


def _ensure_workflow():
    # Reviewers come from the editor scopes (approvers of the item's region).
    catalogue_services.ensure_review_workflow()


def _ensure_users(regions) -> list[tuple[str, str, str]]:
    password = _demo_password()
    logins = [
        _ensure_user("admin", password, superuser=True, groups=[], label="超级管理员")
    ]
    province = regions[0]
    for region in regions:
        group = _ensure_group(
            f"{region['name']}编辑 Editors", EDITOR_PERMISSIONS, region["code"]
        )
        logins.append(
            _ensure_user(
                f"{region['slug']}-editor",
                password,
                groups=[group],
                label=f"{region['name']}编辑",
            )
        )
    approvers = _ensure_group(
        "事项审核员 Approvers", APPROVER_PERMISSIONS, province["code"]
    )
    logins.append(
        _ensure_user(
            f"{province['slug']}-approver",
            password,
            groups=[approvers],
            label="全省事项审核员",
        )
    )
    # Each city reviews its own items; the province approver may review any.
    for region in regions:
        if region is province:
            continue
        group = _ensure_group(
            f"{region['name']}审核员 Approvers", APPROVER_PERMISSIONS, region["code"]
        )
        logins.append(
            _ensure_user(
                f"{region['slug']}-approver",
                password,
                groups=[group],
                label=f"{region['name']}事项审核员",
            )
        )
    return logins


def _ensure_user(username, password, *, groups, superuser=False, label=""):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, is_staff=superuser, is_superuser=superuser)
        user.set_password(password)
        user.save()
    user.groups.add(*groups)
    return username, password, label


def _demo_password() -> str:
    """One random password for the demo users, kept under var/ across runs."""
    path = Path(settings.VAR_DIR) / "demo-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
    return path.read_text().strip()
