"""File kinds are told by content, never by name or declared type."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from formbuilder.uploads import check_upload, sniff


def _zip(member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.4 rest", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0....", "jpeg"),
        (_zip("word/document.xml"), "docx"),
        (_zip("xl/workbook.xml"), "xlsx"),
        (_zip("OFD.xml"), "ofd"),
        (_zip("evil.exe"), None),
        (b"MZ\x90\x00", None),
        (b"PK\x03\x04 broken zip", None),
    ],
)
def test_sniff(content, kind):
    assert sniff(SimpleUploadedFile("whatever.pdf", content)) == kind


def test_limits(settings):
    settings.FORMBUILDER_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20))
    assert caught.value.code == "too_large"
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("a.pdf", b""))
    assert caught.value.code == "empty"


def test_accept_list_narrows_allowed_types():
    png = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n....")
    assert check_upload(png, ["png"]) == "png"
    with pytest.raises(ValidationError):
        check_upload(png, ["pdf"])
