"""Composite Django form fields the wizard needs: the address picker and uploads.

The address is three selects (省 / 市 / 县, GB/T 2260 codes from
``divisions``) and a free-text street and number.  Without script, each
select offers the entries below the choice before it, and a plain submit
button next to it ("show the cities of this province") redraws the step
with the next list filled; ``wizard.js`` fills the lists in place instead.
The answer keeps codes and names, so it stays readable if a division is
renamed or merged later.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import divisions

ADDRESS_KEYS = (
    "province_code",
    "province",
    "city_code",
    "city",
    "district_code",
    "district",
    "detail",
)
DETAIL_MAX = 200
LEVEL_LABELS = {
    "province": _("Province"),
    "city": _("City or prefecture"),
    "district": _("District or county"),
}
LEVEL_PROMPTS = {
    "province": _("Choose a province"),
    "city": _("Choose a city"),
    "district": _("Choose a district or county"),
}
FIRST = {
    "province": _("Choose the province first"),
    "city": _("Choose the city first"),
}
MISSING = {
    "province": _("Choose the province."),
    "city": _("Choose the city or prefecture."),
    "district": _("Choose the district or county."),
}


class AddressWidget(forms.MultiWidget):
    template_name = "formbuilder/widgets/address.html"

    def __init__(self, attrs=None):
        widgets = [forms.Select(), forms.Select(), forms.Select()]
        widgets.append(forms.TextInput(attrs={"autocomplete": "street-address"}))
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value or {}
        return [
            value.get("province_code", ""),
            value.get("city_code", ""),
            value.get("district_code", ""),
            value.get("detail", ""),
        ]

    def get_context(self, name, value, attrs):
        codes = value if isinstance(value, list | tuple) else self.decompress(value)
        codes = (list(codes) + ["", "", "", ""])[:4]
        levels, parent = [], ""
        for index, part in enumerate(divisions.PARTS):
            if index == 0:
                options, prompt = divisions.provinces(), LEVEL_PROMPTS[part]
            elif parent is None:
                options, prompt = [], FIRST[divisions.PARTS[index - 1]]
            else:
                options = divisions.children(parent)
                prompt = LEVEL_PROMPTS[part] if options else _("Not needed here")
            self.widgets[index].choices = [("", prompt)] + [
                (d.code, d.name) for d in options
            ]
            not_needed = index > 0 and parent is not None and not options
            self.widgets[index].attrs["disabled"] = not_needed
            levels.append(
                {"part": part, "label": LEVEL_LABELS[part], "needed": bool(options)}
            )
            chosen = divisions.get(codes[index])
            parent = chosen.code if chosen and chosen in options else None
        context = super().get_context(name, codes, attrs)
        for level, sub in zip(levels, context["widget"]["subwidgets"], strict=False):
            level["widget"] = sub
        context["widget"]["levels"] = levels
        context["widget"]["detail"] = context["widget"]["subwidgets"][3]
        context["widget"]["data_url"] = divisions.STATIC_PATH
        context["widget"]["prompts"] = json.dumps(
            {
                "first": {
                    "city": str(FIRST["province"]),
                    "district": str(FIRST["city"]),
                },
                "choose": {p: str(LEVEL_PROMPTS[p]) for p in ("city", "district")},
                "none": str(_("Not needed here")),
            },
            ensure_ascii=False,
        )
        return context


class AddressFormField(forms.MultiValueField):
    widget = AddressWidget

    def __init__(self, **kwargs):
        fields = [forms.CharField(max_length=6, required=False) for _ in range(3)]
        fields.append(forms.CharField(max_length=DETAIL_MAX, required=False))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        province, city, district, detail = (list(data_list) + [""] * 4)[:4]
        try:
            answer = divisions.resolve(province, city, district)
        except divisions.AddressError as error:
            message = (
                MISSING[error.part]
                if error.code == "missing"
                else _("Choose the %(part)s again from the list.")
                % {"part": LEVEL_LABELS[error.part]}
            )
            raise ValidationError(message, code=f"address_{error.part}") from error
        detail = (detail or "").strip()
        if not detail:
            raise ValidationError(
                _("Enter the street and house number."), code="address_detail"
            )
        return {**answer, "detail": detail}


# --- uploads ---------------------------------------------------------------------

ACCEPT_ATTR = {
    "pdf": ".pdf,application/pdf",
    "jpeg": ".jpg,.jpeg,image/jpeg",
    "png": ".png,image/png",
    "ofd": ".ofd",
    "docx": ".docx",
    "xlsx": ".xlsx",
}


class UploadInput(forms.FileInput):
    """A plain file input with the browser's type filter set from ``accept``."""

    def __init__(self, kinds, described_by=""):
        attrs = {"accept": ",".join(ACCEPT_ATTR[k] for k in kinds if k in ACCEPT_ATTR)}
        if described_by:
            attrs["aria-describedby"] = described_by
        super().__init__(attrs={k: v for k, v in attrs.items() if v})
