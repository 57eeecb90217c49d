"""Checks on the raw bytes of an upload before any parser sees them.

Calamine is robust, but a zip bomb or an encrypted workbook should be
refused with a message an editor understands, before memory is spent on it.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from django.utils.translation import gettext as _

from . import conf
from .issues import ImportFileError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted xlsx is an OLE container holding these streams (MS-OFFCRYPTO).
ENCRYPTION_MARKERS = ("EncryptionInfo", "EncryptedPackage")
WORKBOOK_PARTS = ("xl/workbook.xml", "content.xml")


def check_file(handle: BinaryIO) -> str:
    """Refuse a bad file; return its container kind ("zip" or "ole")."""
    size = _size(handle)
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > conf.get("IMPORTS_MAX_FILE_SIZE"):
        raise ImportFileError(
            _("The file is %(size)d bytes, more than the limit of %(limit)d bytes.")
            % {"size": size, "limit": conf.get("IMPORTS_MAX_FILE_SIZE")}
        )
    head = _read_at(handle, 0, 8)
    if head.startswith(ZIP_MAGIC):
        _check_zip(handle)
        return "zip"
    if head == OLE_MAGIC:
        _check_ole(handle)
        return "ole"
    raise ImportFileError(_not_a_workbook_message(_read_at(handle, 0, 4096)))


def _size(handle: BinaryIO) -> int:
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def _read_at(handle: BinaryIO, offset: int, length: int) -> bytes:
    handle.seek(offset)
    data = handle.read(length) or b""
    handle.seek(0)
    return data


def _not_a_workbook_message(head: bytes) -> str:
    text = _as_text(head)
    if text is not None and any(sep in text for sep in (",", "\t", ";")):
        return _(
            "The file is a text (CSV) file, not an Excel workbook; "
            "open it in Excel and save it as .xlsx."
        )
    return _("The file is not an Excel or OpenDocument workbook (.xlsx, .xls, .ods).")


def _as_text(head: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in text):
            return text
    return None


def _check_zip(handle: BinaryIO) -> None:
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ImportFileError(
            _("The file is damaged: its zip archive cannot be opened.")
        ) from exc
    finally:
        handle.seek(0)
    if not any(part in names for part in WORKBOOK_PARTS):
        raise ImportFileError(
            _("The file is a zip archive but not an Excel or OpenDocument workbook.")
        )
    if "xl/vbaProject.bin" in names:
        raise ImportFileError(
            _("The workbook contains macros; save it as a plain .xlsx workbook.")
        )
    _check_uncompressed(sum(info.file_size for info in infos))


def _check_uncompressed(total: int) -> None:
    limit = conf.get("IMPORTS_MAX_UNCOMPRESSED_SIZE")
    if total > limit:
        raise ImportFileError(
            _(
                "The workbook unpacks to %(size)d bytes, more than the limit of "
                "%(limit)d bytes; it may be a zip bomb."
            )
            % {"size": total, "limit": limit}
        )


def _check_ole(handle: BinaryIO) -> None:
    # Directory entries carry UTF-16 names; the file size limit bounds the scan.
    handle.seek(0)
    data = handle.read()
    handle.seek(0)
    if any(marker.encode("utf-16-le") in data for marker in ENCRYPTION_MARKERS):
        raise ImportFileError(
            _("The workbook is password-protected; remove the password and try again.")
        )
