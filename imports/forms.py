"""Forms of the import admin: upload, column mapping, confirmation, export filters."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue import services as catalogue

from . import columns, conf
from .mappings import SheetPreview, field_choices

ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
KEY_FIELDS = ("implementation_code", "name")


def region_choices(user) -> list[tuple[str, str]]:
    """Regions the user may import into (department-only editors have none)."""
    allowed = catalogue.region_codes_for_user(user)
    return [
        (region.code, f"{region.name} ({region.code})")
        for region in catalogue.regions_for_editor(user)
        if allowed is None or region.code in allowed
    ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook"),
        help_text=gettext_lazy("An .xlsx, .xls or .ods file in the import layout."),
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        help_text=gettext_lazy(
            "Rows without a region code are imported into this region; rows of "
            "another region are refused."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.unrestricted = catalogue.region_codes_for_user(user) is None
        choices = region_choices(user)
        if self.unrestricted:
            choices = [("", _("As written in the file")), *choices]
        self.fields["region"].choices = choices
        self.fields["region"].required = not self.unrestricted

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.get("IMPORTS_MAX_FILE_SIZE")
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("Upload an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook."),
                code="invalid_type",
            )
        return upload


class MappingForm(forms.Form):
    """One choice per column of every readable sheet: the field it fills, or none."""

    def __init__(self, *args, previews: list[SheetPreview], **kwargs):
        super().__init__(*args, **kwargs)
        self.previews = [p for p in previews if p.layout.kind is not None]
        for number, preview in enumerate(self.previews):
            layout = preview.layout
            by_index = {index: name for name, index in layout.columns.items()}
            choices = [("", _("(not imported)")), *field_choices(layout.kind)]
            for index, header in sorted(layout.headers.items()):
                if not header.strip():
                    continue
                self.fields[self.field_name(number, index)] = forms.ChoiceField(
                    label=header,
                    choices=choices,
                    required=False,
                    initial=by_index.get(index, ""),
                )

    @staticmethod
    def field_name(sheet_number: int, column: int) -> str:
        return f"s{sheet_number}_c{column}"

    def sheets(self):
        """(preview, [(bound field, confidence)]) per sheet, for the template."""
        for number, preview in enumerate(self.previews):
            layout = preview.layout
            rows = []
            for index in sorted(layout.headers):
                name = self.field_name(number, index)
                if name in self.fields:
                    detected = next(
                        (f for f, i in layout.columns.items() if i == index), None
                    )
                    rows.append((self[name], layout.confidence.get(detected)))
            yield preview, rows

    def clean(self):
        cleaned = super().clean()
        self.chosen: dict[str, dict[str, int]] = {}
        for number, preview in enumerate(self.previews):
            self.chosen[preview.name] = self._sheet_columns(number, preview, cleaned)
        return cleaned

    def _sheet_columns(self, number, preview, cleaned) -> dict[str, int]:
        columns: dict[str, int] = {}
        labels = dict(field_choices(preview.layout.kind))
        for index in sorted(preview.layout.headers):
            field = cleaned.get(self.field_name(number, index))
            if not field:
                continue
            if field in columns:
                self.add_error(
                    self.field_name(number, index),
                    _("%(field)s is already chosen for another column of this sheet.")
                    % {"field": labels[field]},
                )
            columns[field] = index
        missing = [labels[k] for k in KEY_FIELDS if k not in columns]
        if missing:
            self.add_error(
                None,
                _("Sheet %(sheet)s needs a column for: %(fields)s.")
                % {"sheet": preview.name, "fields": "、".join(missing)},
            )
        return columns


class ConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Skip invalid rows"),
        required=False,
        help_text=gettext_lazy(
            "Import every valid row and report the others. Without this, nothing is "
            "written while any row has an error."
        ),
    )


class ExportForm(forms.Form):
    """The item listing's main filters: region, department, status."""

    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"), queryset=None, required=False
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=None, required=False
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = catalogue.regions_for_editor(user)
        self.fields["department"].queryset = catalogue.departments_for_editor(user)
        self.fields["status"].choices = [
            ("", _("Any")),
            *catalogue.ItemStatus.choices,
        ]

    def items(self):
        """The items the filters select, within the user's scope."""
        items = catalogue.items_for_export(user=self.user)
        data = self.cleaned_data
        if data.get("region"):
            items = items.filter(region=data["region"])
        if data.get("department"):
            items = items.filter(department=data["department"])
        if data.get("status"):
            items = items.filter(status=data["status"])
        return items


class ValueMappingForm(forms.Form):
    """One choice per value a column could not read: the value it stands for, or none.

    ``unread`` is the run's ``{kind: {field: [value, …]}}`` (see
    ``imports.values.Unread.as_dict``).  A column with a code list offers its
    labels; any other column takes the replacement as text (是, 20个工作日 …).
    """

    def __init__(self, *args, unread: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for kind, table in unread.items():
            declared = columns.by_name(kind)
            for name, values in table.items():
                column = declared.get(name)
                if column is None:
                    continue
                rows = []
                for number, value in enumerate(values):
                    key = f"v_{kind}_{name}_{number}"
                    self.fields[key] = self._field(column, value)
                    rows.append((self[key], value))
                self.groups.append((kind, column, rows))

    @staticmethod
    def _field(column, value: dict):
        label = value["text"]
        if column.choices is not None:
            choices = [("", _("(leave it invalid)"))]
            choices += [(choice, choice) for choice in column.choices()]
            return forms.ChoiceField(label=label, choices=choices, required=False)
        return forms.CharField(label=label, required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        self.chosen: dict[str, dict[str, dict[str, str]]] = {}
        for kind, column, rows in self.groups:
            for bound, value in rows:
                choice = (cleaned.get(bound.name) or "").strip()
                if choice:
                    self.chosen.setdefault(kind, {}).setdefault(column.name, {})[
                        value["text"]
                    ] = choice
        return cleaned
