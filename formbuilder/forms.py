"""Django forms built from a compiled pair, one per wizard step.

Fields shown only on a condition over an earlier step are left out when
the condition is false; a condition over a field of the same step is
checked in ``clean`` (the page's script only hides the field).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .compiler import field_from_entry
from .constants import FieldType
from .registry import registry

DISPLAY_ONLY = {"note", "waived"}
MAX_GROUP_ROWS = 10


def group_bounds(field) -> tuple[int, int]:
    """(min, max) rows of a repeating group, from its schema constraints."""
    least = field.get("min_items") or (1 if field.get("required") else 0)
    most = min(field.get("max_items") or MAX_GROUP_ROWS, MAX_GROUP_ROWS)
    return min(least, most), most


def rows_name(key: str) -> str:
    return f"{key}__rows"


def row_field_name(key: str, index: int, sub_key: str) -> str:
    return f"{key}__{index}__{sub_key}"


def condition_met(condition, answers) -> bool:
    value = answers.get(condition["field"])
    if isinstance(value, list):
        return condition.get("value") in value
    return value == condition.get("value")


def prune_hidden(ui_schema: dict, answers: dict) -> dict:
    """Drop answers whose condition no longer holds (e.g. after going back).

    Fields are visited in form order, so a chain of conditions clears too.
    """
    pruned = dict(answers)
    for step in ui_schema["steps"]:
        for key in step["fields"]:
            condition = ui_schema["fields"][key].get("visible_if")
            if condition and key in pruned and not condition_met(condition, pruned):
                pruned.pop(key)
    return pruned


def anchor_id(key: str, entry: dict) -> str:
    """The id the error summary links to (first input of multi-input widgets)."""
    if entry.get("widget") in ("radio", "checkboxes", "address"):
        return f"id_{key}_0"
    if entry.get("type") == FieldType.GROUP:
        return f"group_{key}"
    return f"id_{key}"


class StepForm(forms.Form):
    """One step; ``answers()`` gives its JSON answers, ``files_by_key`` new uploads."""

    def __init__(self, *args, pair, step_index, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema, self.ui_schema = pair
        self.step = self.ui_schema["steps"][step_index]
        self.previous = answers
        self.entries = {}
        self.group_rows = {}
        self.group_bounds = {}
        for key in self.step["fields"]:
            entry = self.ui_schema["fields"][key]
            if entry.get("widget") in DISPLAY_ONLY or not self._visible(entry, key):
                continue
            self.entries[key] = entry
            self._add(key, entry)

    def _visible(self, entry, key):
        condition = entry.get("visible_if")
        if not condition or condition["field"] in self.step["fields"]:
            return True
        return condition_met(condition, self.previous)

    def _builder_field(self, key, entry):
        return field_from_entry(key, entry, self.schema["properties"].get(key, {}))

    def _add(self, key, entry):
        field = self._builder_field(key, entry)
        if entry.get("visible_if"):
            field["required"] = False  # enforced in clean() when shown
        if entry["type"] == FieldType.GROUP:
            self._add_group(key, field)
            return
        if entry["type"] == FieldType.FILE and self.previous.get(key):
            field["required"] = False  # already uploaded; a new file replaces it
        form_field = registry[entry["type"]].form_field(field)
        initial = self.previous.get(key)
        if initial is not None and entry["type"] != FieldType.FILE:
            form_field.initial = registry[entry["type"]].to_initial(initial)
        self.fields[key] = form_field

    def _add_group(self, key, field):
        bounds = group_bounds(field)
        existing = self.previous.get(key) or []
        rows = self._row_count(key, bounds, len(existing))
        self.group_bounds[key] = bounds
        self.fields[rows_name(key)] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=rows
        )
        self.group_rows[key] = []
        for index in range(rows):
            names = []
            for sub in field.get("fields", []):
                sub_type = registry[sub["type"]]
                if not sub_type.has_value:
                    continue
                form_field = sub_type.form_field({**sub, "required": False})
                if index < len(existing) and sub["key"] in existing[index]:
                    form_field.initial = sub_type.to_initial(
                        existing[index][sub["key"]]
                    )
                name = row_field_name(key, index, sub["key"])
                self.fields[name] = form_field
                names.append((name, sub))
            self.group_rows[key].append(names)

    def _row_count(self, key, bounds, answered):
        """Rows shown: as posted (add/remove buttons), else the answers' count."""
        least, most = bounds
        if self.is_bound:
            try:
                posted = int(self.data.get(rows_name(key), ""))
            except ValueError:  # no count posted: as many rows as were sent
                posted = self._rows_sent(key)
            return max(least, min(posted, most))
        return max(least, min(max(answered, 1), most))

    def _rows_sent(self, key) -> int:
        prefix = f"{key}__"
        indexes = [
            int(part)
            for name in self.data
            if name.startswith(prefix)
            and (part := name[len(prefix) :].split("__")[0]).isdigit()
        ]
        return max(indexes, default=0) + 1

    def clean(self):
        cleaned = super().clean()
        combined = {**self.previous, **self._collect(cleaned)}
        for key, entry in self.entries.items():
            condition = entry.get("visible_if")
            shown = not condition or condition_met(condition, combined)
            if (
                shown
                and entry.get("required")
                and condition
                and not self._has(key, cleaned)
            ):
                self.add_error(
                    key if key in self.fields else None, _("This field is required.")
                )
        self._check_groups(cleaned)
        return cleaned

    def _has(self, key, cleaned):
        if self.ui_schema["fields"][key]["type"] == FieldType.FILE:
            return bool(cleaned.get(key) or self.previous.get(key))
        return (
            registry[self.ui_schema["fields"][key]["type"]].to_answer(cleaned.get(key))
            is not None
        )

    def _check_groups(self, cleaned):
        for key, rows in self.group_rows.items():
            field = self._builder_field(key, self.entries[key])
            filled = 0
            for names in rows:
                values = {n: cleaned.get(n) for n, _sub in names}
                if not any(v not in (None, "", []) for v in values.values()):
                    continue
                filled += 1
                for name, sub in names:
                    if sub.get("required") and values[name] in (None, "", []):
                        self.add_error(name, _("This field is required."))
            least = field.get("min_items") or (1 if field.get("required") else 0)
            if filled < least:
                self.add_error(
                    None,
                    _("%(label)s: give at least %(count)d entries.")
                    % {"label": field.get("label"), "count": least},
                )

    def _collect(self, cleaned) -> dict:
        answers = {}
        for key, entry in self.entries.items():
            if entry["type"] == FieldType.FILE:
                continue
            if entry["type"] == FieldType.GROUP:
                value = self._group_answer(key, cleaned)
            else:
                value = registry[entry["type"]].to_answer(cleaned.get(key))
            answers[key] = value
        return answers

    def _group_answer(self, key, cleaned):
        rows = []
        for names in self.group_rows[key]:
            row = {}
            for name, sub in names:
                value = registry[sub["type"]].to_answer(cleaned.get(name))
                if value is not None:
                    row[sub["key"]] = value
            if row:
                rows.append(row)
        return rows or None

    def answers(self) -> dict:
        """This step's answers; hidden and empty fields come back as None (removed)."""
        answers = self._collect(self.cleaned_data)
        combined = {**self.previous, **answers}
        for key, entry in self.entries.items():
            condition = entry.get("visible_if")
            if condition and not condition_met(condition, combined):
                answers[key] = None
        return answers

    def partial_answers(self) -> dict:
        """The answers of the fields that passed, for saving a step with errors.

        A field with an error keeps its earlier answer; a group is kept only
        when none of its rows has an error.
        """
        self.is_valid()
        failed = {name.split("__")[0] for name in self.errors}
        answers = self._collect(self.cleaned_data)
        return {k: v for k, v in answers.items() if k not in failed}

    def files_by_key(self) -> dict:
        return {
            key: self.cleaned_data[key]
            for key, entry in self.entries.items()
            if entry["type"] == FieldType.FILE and self.cleaned_data.get(key)
        }

    def error_summary(self) -> list[dict]:
        """``[{anchor, label, message}]`` for the summary at the top of the page."""
        summary = []
        for name, errors in self.errors.items():
            key = name.split("__")[0]
            entry = self.ui_schema["fields"].get(key, {})
            label = entry.get("label", "")
            anchor = f"id_{name}" if "__" in name else anchor_id(key, entry)
            if name == "__all__":
                anchor, label = "", ""
            for message in errors:
                summary.append({"anchor": anchor, "label": label, "message": message})
        return summary


PHONE_DIGITS_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "4"}


class ResumeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Resume code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    phone_last4 = forms.RegexField(
        label=gettext_lazy("Last 4 digits of the mobile number you gave"),
        regex=r"^\d{4}$",
        required=False,
        widget=forms.TextInput(attrs=PHONE_DIGITS_ATTRS),
        error_messages={"invalid": gettext_lazy("Enter 4 digits.")},
    )


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    phone_last4 = forms.RegexField(
        label=gettext_lazy("Last 4 digits of the mobile number you gave"),
        regex=r"^\d{4}$",
        widget=forms.TextInput(attrs=PHONE_DIGITS_ATTRS),
        error_messages={"invalid": gettext_lazy("Enter 4 digits.")},
    )


class OwedUploadForm(forms.Form):
    """The file for one owed material (its id travels in ``owed``)."""

    file = forms.FileField(label=gettext_lazy("File"))


class CorrectionForm(forms.Form):
    field_key = forms.ChoiceField(label=gettext_lazy("Material"))
    file = forms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_key"].choices = choices
