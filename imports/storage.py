"""Where uploaded workbooks are kept: private, never under ``MEDIA_URL``.

A ``STORAGES["imports"]`` entry (e.g. a private bucket) is used when set;
otherwise files go to ``IMPORTS_PRIVATE_ROOT`` or ``<MEDIA_ROOT>/../private``
on the local disk, outside ``MEDIA_ROOT`` and without a base URL.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


def private_storage():
    """The storage of uploaded import files (a callable, so tests can override settings)."""
    if "imports" in getattr(settings, "STORAGES", {}):
        return storages["imports"]
    root = getattr(settings, "IMPORTS_PRIVATE_ROOT", None) or (
        Path(settings.MEDIA_ROOT).parent / "private"
    )
    return FileSystemStorage(
        location=root, base_url=None
    )  # outside MEDIA_ROOT: never served
