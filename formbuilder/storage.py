"""Private storage for uploads: never under MEDIA_URL, served only by a view."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone

from . import conf

STORAGE_ALIAS = "formbuilder_private"


def private_storage():
    """``STORAGES["formbuilder_private"]`` if set, else a folder outside MEDIA_ROOT."""
    if STORAGE_ALIAS in settings.STORAGES:
        return storages[STORAGE_ALIAS]
    root = conf.get("UPLOAD_ROOT") or Path(settings.VAR_DIR) / "private" / "formbuilder"
    return FileSystemStorage(location=root, base_url=None)


def upload_path(instance, filename) -> str:
    # The citizen's file name never reaches the path (it may hold personal data).
    extension = Path(filename).suffix.lower()[:8]
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"
