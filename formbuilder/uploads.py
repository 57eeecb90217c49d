"""Accept an uploaded file only if its content is an allowed type and size."""

from __future__ import annotations

import secrets
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import conf

# Content signatures; a file's name and declared type are never trusted.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
ZIP_MAGIC = b"PK\x03\x04"
# Office Open XML and OFD are zip packages told apart by a member they must hold.
ZIP_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "ofd": "OFD.xml"}
TYPE_NAMES = {"jpeg": "JPG"}
EXTENSIONS = {
    "pdf": ".pdf",
    "png": ".png",
    "jpeg": ".jpg",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "ofd": ".ofd",
}


def sniff(uploaded) -> str | None:
    """The kind of ``uploaded`` by its bytes, or None."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for kind, magics in SIGNATURES.items():
        if any(head.startswith(magic) for magic in magics):
            return kind
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(uploaded)
    return None


def _zip_kind(uploaded):
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        uploaded.seek(0)
    for kind, member in ZIP_MEMBERS.items():
        if member in names:
            return kind
    return None


def allowed_kinds(accept: list[str] | None = None) -> list[str]:
    """The kinds a field accepts: its own list within the site's."""
    site = conf.get("UPLOAD_TYPES")
    return [k for k in (accept or site) if k in site]


def max_bytes(max_size_mb=None) -> int:
    """A field's size limit: its own (in MB) when set and lower than the site's."""
    limit = conf.get("UPLOAD_MAX_BYTES")
    if max_size_mb:
        limit = min(limit, int(float(max_size_mb) * 1024 * 1024))
    return limit


def limits(entry: dict) -> dict:
    """What an upload field takes, for the page: types, size limit, file count."""
    return {
        "kinds": allowed_kinds(entry.get("accept")),
        "max_bytes": max_bytes(entry.get("max_size_mb")),
        "max_files": entry.get("max_items") or 5,
    }


def check_upload(uploaded, accept: list[str] | None = None, limit=None) -> str:
    """Return the detected kind or raise ``ValidationError`` with the reason."""
    limit = limit or conf.get("UPLOAD_MAX_BYTES")
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": mb(limit)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    allowed = allowed_kinds(accept)
    kind = sniff(uploaded)
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("This type of file is not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(TYPE_NAMES.get(k, k.upper()) for k in allowed)},
            code="file_type",
        )
    return kind


def mb(size: int) -> str:
    """A byte count as megabytes for messages: 10485760 → "10", 1572864 → "1.5"."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def new_token() -> str:
    return "u_" + secrets.token_hex(16)


def safe_name(name: str, kind: str) -> str:
    stem = (name or "file").rsplit(".", 1)[0][:100]
    return stem + EXTENSIONS.get(kind, "")
