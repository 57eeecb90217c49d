"""Synonym groups to and from xlsx workbooks (one group per row)."""

from zipfile import BadZipFile

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .models import SynonymGroup

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024


class SynonymImportError(ValueError):
    pass


def import_synonym_workbook(upload) -> int:
    """Create a group for every row with two or more words; all or nothing."""
    if upload.size > MAX_BYTES:
        raise SynonymImportError(_("The file is larger than 5 MB."))
    rows = list(_read_rows(upload))
    groups = []
    for number, text in rows:
        terms = SynonymGroup(terms=text).term_list
        if len(terms) < 2:
            raise SynonymImportError(
                _("Row %(row)s: a group needs at least two words.") % {"row": number}
            )
        groups.append(SynonymGroup(terms=" = ".join(terms)))
    with transaction.atomic():
        SynonymGroup.objects.bulk_create(groups)
    return len(groups)


def _read_rows(upload):
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SynonymImportError(_("This is not a readable .xlsx workbook.")) from exc
    sheet = workbook.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            raise SynonymImportError(_("The sheet has more than 5,000 rows."))
        cell = row[0] if row else None
        if cell is None or not str(cell).strip():
            continue
        if number == 1 and str(cell).strip().lower() in {"terms", "同义词", "同义词组"}:
            continue  # a header row
        yield number, str(cell)
