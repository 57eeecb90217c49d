"""Validators for uploaded caption files."""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

_BOM = "\ufeff"


@deconstructible
class WebVTTValidator:
    """A WebVTT file: UTF-8 text starting with ``WEBVTT`` and holding a cue."""

    message = _("Upload a WebVTT caption file (.vtt) that starts with “WEBVTT”.")
    cue_message = _(
        "The caption file has no cues (lines like 00:00.000 --> 00:04.000)."
    )
    code = "invalid_webvtt"
    max_bytes = 2 * 1024 * 1024

    def __call__(self, file):
        text = self._read(file)
        first = text.lstrip(_BOM).splitlines()[0] if text.strip() else ""
        if first != "WEBVTT" and not first.startswith(("WEBVTT ", "WEBVTT\t")):
            raise ValidationError(self.message, code=self.code)
        if "-->" not in text:
            raise ValidationError(self.cue_message, code="no_cues")

    def _read(self, file) -> str:
        try:
            file.seek(0)
            raw = file.read(self.max_bytes)
            file.seek(0)
        except (OSError, ValueError) as exc:
            raise ValidationError(self.message, code=self.code) from exc
        try:
            return raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as exc:
            raise ValidationError(self.message, code=self.code) from exc

    def __eq__(self, other):
        return isinstance(other, WebVTTValidator)
