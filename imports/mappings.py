"""Column and value mappings in the admin: detect them, let editors correct them, remember them.

The import reads each sheet's header itself; the admin shows that mapping
before anything is planned.  An editor's correction is the
``{sheet: {field: column index}}`` override ``parse_workbook`` accepts, and
it is remembered per region and header layout (a "signature" of the sheet
kind and its normalised headers), so the next workbook of the same shape
from that region is mapped the same way without asking.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import conf
from .headers import SheetMapping, labels, normalise_header
from .issues import ImportFileError
from .layout import detect_layout
from .reader import iter_sheet, open_workbook


class SavedMapping(models.Model):
    """An editor's column mapping, remembered for a region and a header layout.

    Registered through ``ImportsConfig.ready`` (this module is not
    ``models.py``); its table comes from the ``imports`` migrations.
    """

    region_code = models.CharField(_("region code"), max_length=12, blank=True)
    # sha1 of the sheet kind and its normalised headers (see ``signature``).
    signature = models.CharField(_("header signature"), max_length=40)
    columns = models.JSONField(_("columns"), default=dict)  # field → column index
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        app_label = "imports"
        verbose_name = _("saved column mapping")
        verbose_name_plural = _("saved column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "signature"],
                name="imports_savedmapping_unique",
            )
        ]

    def __str__(self):
        return f"{self.region_code or '-'}:{self.signature[:8]}"


class SavedValueMapping(models.Model):
    """An editor's value mapping for one column, remembered for a region.

    ``values`` maps a cell text the column could not read to the value the
    editor chose (normal form of ``imports.values``); the next import from
    that region applies it before parsing.
    """

    region_code = models.CharField(_("region code"), max_length=12, blank=True)
    kind = models.CharField(_("sheet kind"), max_length=20)
    field = models.CharField(_("column"), max_length=50)
    values = models.JSONField(_("values"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        app_label = "imports"
        verbose_name = _("saved value mapping")
        verbose_name_plural = _("saved value mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "kind", "field"],
                name="imports_savedvaluemapping_unique",
            )
        ]

    def __str__(self):
        return f"{self.region_code or '-'}:{self.kind}:{self.field}"


def remembered_values(region_code: str, kind: str = "items") -> dict:
    """The region's value maps of ``kind`` columns: ``{field: {text: value}}``."""
    rows = SavedValueMapping.objects.filter(region_code=region_code, kind=kind)
    return {row.field: dict(row.values) for row in rows}


def all_remembered_values(region_code: str) -> dict:
    """Every value map of the region, keyed as ``imports.values`` expects."""
    rows = SavedValueMapping.objects.filter(region_code=region_code)
    return {
        (row.field if row.kind == "items" else f"{row.kind}:{row.field}"): dict(
            row.values
        )
        for row in rows
    }


def remember_values(region_code: str, kind: str, chosen: dict[str, dict]) -> None:
    """Add the editor's choices to the region's value maps (per column)."""
    for name, values in chosen.items():
        if not values:
            continue
        row, _created = SavedValueMapping.objects.get_or_create(
            region_code=region_code, kind=kind, field=name
        )
        row.values = {**row.values, **values}
        row.save(update_fields=["values", "updated_at"])


@dataclass
class SheetPreview:
    """One sheet as the mapping page shows it."""

    layout: SheetMapping
    signature: str
    remembered: bool = False
    # What the importer finds by itself; an override is what differs from it.
    detected: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.detected = self.detected or dict(self.layout.columns)

    @property
    def name(self) -> str:
        return self.layout.sheet


def header_rows(source) -> dict[str, int]:
    """Each sheet's (last) header row, where a report adds its outcome column."""
    try:
        previews = detect_sheets(source)
    except ImportFileError:
        return {}
    return {p.name: p.layout.header_rows[-1] for p in previews if p.layout.header_rows}


def detect_sheets(source) -> list[SheetPreview]:
    """Every sheet's detected header, reading only the first rows.

    Raises ``ImportFileError`` for a file the import cannot read.
    """
    previews = []
    with open_workbook(source) as workbook:
        for name in workbook.sheet_names:
            reader = iter_sheet(workbook, name)
            head = reader.head(conf.get("IMPORTS_HEADER_SEARCH_ROWS"))
            layout = detect_layout(name, head)
            previews.append(SheetPreview(layout, signature(layout)))
    return previews


def signature(layout: SheetMapping) -> str:
    """A stable fingerprint of a sheet's header layout (kind + headers in order)."""
    headers = "\x1f".join(
        normalise_header(layout.headers[i]) for i in sorted(layout.headers)
    )
    return hashlib.sha1(
        f"{layout.kind}\x1e{headers}".encode(), usedforsecurity=False
    ).hexdigest()


def field_choices(kind: str) -> list[tuple[str, str]]:
    """(field, canonical header) of a sheet kind, in the canonical order."""
    return list(labels(kind).items())


def apply_remembered(previews: list[SheetPreview], region_code: str) -> None:
    """Replace detected columns by the region's remembered ones where the layout matches."""
    saved = _saved_columns(region_code, [p.signature for p in previews])
    for preview in previews:
        columns = saved.get(preview.signature)
        if columns is not None and preview.layout.kind is not None:
            preview.layout.columns = {
                name: index
                for name, index in columns.items()
                if index in preview.layout.headers
            }
            preview.remembered = True


def overrides(previews: list[SheetPreview], chosen: dict[str, dict[str, int]]) -> dict:
    """The editor's choices that differ from detection, per sheet name."""
    return {
        p.name: chosen[p.name]
        for p in previews
        if p.name in chosen and chosen[p.name] != p.detected
    }


def remember(
    region_code: str, previews: list[SheetPreview], chosen: dict[str, dict[str, int]]
) -> None:
    """Remember the region's corrections; forget them once detection agrees again.

    Only differences are kept, so a better synonym table later still helps
    every layout nobody had to correct.
    """
    for preview in previews:
        if preview.name not in chosen or preview.layout.kind is None:
            continue
        key = {"region_code": region_code, "signature": preview.signature}
        if chosen[preview.name] == preview.detected:
            SavedMapping.objects.filter(**key).delete()
        else:
            SavedMapping.objects.update_or_create(
                **key, defaults={"columns": chosen[preview.name]}
            )


def _saved_columns(region_code: str, signatures: list[str]) -> dict[str, dict]:
    rows = SavedMapping.objects.filter(
        region_code=region_code, signature__in=signatures
    )
    return {row.signature: {k: int(v) for k, v in row.columns.items()} for row in rows}
