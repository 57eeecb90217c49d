"""Composite Django form fields the wizard needs (address)."""

from django import forms
from django.utils.translation import gettext_lazy as _

ADDRESS_PARTS = ("province", "city", "district", "detail")


class AddressWidget(forms.MultiWidget):
    def __init__(self):
        labels = [_("Province"), _("City"), _("District / county"), _("Street address")]
        super().__init__(
            [
                forms.TextInput(attrs={"placeholder": label, "aria-label": label})
                for label in labels
            ]
        )

    def decompress(self, value):
        value = value or {}
        return [value.get(part, "") for part in ADDRESS_PARTS]


class AddressFormField(forms.MultiValueField):
    widget = AddressWidget

    def __init__(self, **kwargs):
        fields = [forms.CharField(max_length=50) for _ in range(3)]
        fields.append(forms.CharField(max_length=200))
        super().__init__(fields=fields, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        return dict(zip(ADDRESS_PARTS, data_list, strict=True))
