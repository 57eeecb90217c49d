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


def check_upload(uploaded, accept: list[str] | None = None) -> str:
    """Return the detected kind or raise ``ValidationError`` with the reason."""
    limit = conf.get("UPLOAD_MAX_BYTES")
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.")
            % {"limit": limit // (1024 * 1024)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    allowed = [
        k for k in (accept or conf.get("UPLOAD_TYPES")) if k in conf.get("UPLOAD_TYPES")
    ]
    kind = sniff(uploaded)
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("This type of file is not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(k.upper() for k in allowed)},
            code="file_type",
        )
    return kind


def new_token() -> str:
    return "u_" + secrets.token_hex(16)


def safe_name(name: str, kind: str) -> str:
    stem = (name or "file").rsplit(".", 1)[0][:100]
    return stem + EXTENSIONS.get(kind, "")
