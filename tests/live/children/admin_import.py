"""Drive the admin's import wizard as an editor would, one request at a time.

Usage: admin_import.py upload WORKBOOK   → the run planned from the upload
       admin_import.py confirm RUN       → confirm the planned run
       admin_import.py state RUN         → the run's status page (status.json)

Each prints one JSON line: the run, its status, how long the request took,
the items in the catalogue and the tasks waiting, so the test can tell what
ran inside the request and what was left for the worker.
"""

import json
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from catalogue.models import ServiceItem  # noqa: E402
from imports.models import ImportRun  # noqa: E402

setup_test_environment()  # response.context, to read the mapping form's choices
# Production serves collected static files; this scratch site collected none,
# and the admin's pages only need their addresses.
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
).enable()
user, _created = get_user_model().objects.get_or_create(
    username="admin-live", defaults={"is_superuser": True, "is_staff": True}
)
client = Client(HTTP_HOST="localhost")
client.force_login(user)


def report(run, seconds, **extra):
    run.refresh_from_db()
    print(
        json.dumps(
            {
                "run": run.pk,
                "status": run.status,
                "seconds": round(seconds, 2),
                "items": ServiceItem.objects.count(),
                "queued": DBTaskResult.objects.filter(status="READY").count(),
                **extra,
            }
        )
    )


mode, argument = sys.argv[1], sys.argv[2]
started = time.monotonic()
if mode == "upload":
    with open(argument, "rb") as workbook:
        client.post("/admin/imports/upload/", {"file": workbook, "region": ""})
    run = ImportRun.objects.latest("pk")
    mapping = reverse("imports:mapping", args=[run.pk])
    form = client.get(mapping).context["form"]
    response = client.post(
        mapping, {name: field.initial for name, field in form.fields.items()}
    )
    report(run, time.monotonic() - started, redirect=response.get("Location"))
elif mode == "confirm":
    run = ImportRun.objects.get(pk=argument)
    response = client.post(reverse("imports:confirm", args=[run.pk]))
    report(run, time.monotonic() - started, redirect=response.get("Location"))
else:
    run = ImportRun.objects.get(pk=argument)
    state = client.get(reverse("imports:status", args=[run.pk])).json()
    report(run, time.monotonic() - started, page=state)
