"""``manage.py import_items PATH [--region CODE] [--dry-run] [--skip-invalid]
[--format json] [--mapping FILE.json] [--save-mapping FILE.json]``.

``--mapping`` reads ``{"columns": {sheet: {field: column index}}, "values":
{field: {cell text: value}}}`` (either part may be left out);
``--save-mapping`` writes the columns used and the value map with every
value the columns could not read added as ``null``, to fill in and pass
back with ``--mapping``.  Exit status 0 when the import was applied (or a
dry run found nothing blocking), 1 when it was rejected or the file could
not be read.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports import services
from imports.issues import ImportFileError


class Command(BaseCommand):
    help = "Import service items from an Excel workbook (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--region", default="", help="Region code to import into.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--skip-invalid", action="store_true")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--mapping", default="", help="JSON file of column and value mappings."
        )
        parser.add_argument(
            "--save-mapping",
            default="",
            help="Write the mappings used, with the unread values to fill in.",
        )

    def handle(self, *args, path, region, dry_run, skip_invalid, format, **options):
        given = _read_mapping(options["mapping"]) if options["mapping"] else {}
        try:
            outcome = services.import_file(
                path,
                region=region or None,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                mapping=given.get("columns") or None,
                values=given.get("values") or None,
            )
        except (ImportFileError, OSError) as error:
            summary = services.file_error_summary(ImportFileError(str(error)))
            self._print(summary, format)
            self.stderr.write(
                _("Cannot import %(path)s: %(error)s") % {"path": path, "error": error}
            )
            raise SystemExit(1) from None
        summary = outcome.summary()
        self._print(summary, format)
        if options["save_mapping"]:
            _write_mapping(options["save_mapping"], outcome.plan.parse, given)
        if not outcome.accepted:
            raise SystemExit(1)

    def _print(self, summary: dict, format: str) -> None:
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        for issue in summary["errors"]:
            self.stdout.write(_issue_line(_("error"), issue))
        for issue in summary["warnings"]:
            self.stdout.write(_issue_line(_("warning"), issue))
        items, materials = summary["items"], summary["materials"]
        self.stdout.write(
            _(
                "Items: %(ic)d created, %(iu)d updated, %(in)d unchanged; "
                "materials: %(mc)d created, %(mu)d updated, %(mr)d removed; "
                "%(errors)d errors, %(warnings)d warnings; applied: %(applied)s"
            )
            % {
                "ic": items["created"],
                "iu": items["updated"],
                "in": items["unchanged"],
                "mc": materials["created"],
                "mu": materials["updated"],
                "mr": materials.get("removed", 0),
                "errors": len(summary["errors"]),
                "warnings": len(summary["warnings"]),
                "applied": _("yes") if summary["applied"] else _("no"),
            }
        )


def _read_mapping(path: str) -> dict:
    """The --mapping file, checked for its shape; a bad file is a clear error."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(
            _("Cannot read the mapping file %(path)s: %(error)s")
            % {"path": path, "error": error}
        ) from None
    shape_ok = isinstance(data, dict) and all(
        isinstance(data.get(key, {}), dict)
        and all(isinstance(v, dict) for v in data.get(key, {}).values())
        for key in ("columns", "values")
    )
    if not shape_ok:
        raise CommandError(
            _(
                'The mapping file %(path)s must hold {"columns": {sheet: {field: '
                'column}}, "values": {field: {cell text: value}}}.'
            )
            % {"path": path}
        )
    return data


def _write_mapping(path: str, parsed, given: dict) -> None:
    values = {name: dict(table) for name, table in given.get("values", {}).items()}
    for name, table in parsed.unread.template().items():
        for text in table:
            values.setdefault(name, {}).setdefault(text, None)
    data = {
        "columns": {
            sheet: layout.columns
            for sheet, layout in parsed.mapping.items()
            if layout.kind is not None
        },
        "values": values,
    }
    Path(path).write_text(
        json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _issue_line(kind: str, issue: dict) -> str:
    where = "!".join(
        str(p) for p in (issue["sheet"], issue["row"]) if p not in ("", None)
    )
    column = f"[{issue['column']}]" if issue["column"] else ""
    place = " ".join(part for part in (where, column) if part)
    return f"{kind}: {place + ' ' if place else ''}{issue['code']}: {issue['message']}"


__all__ = ["Command", "CommandError"]
