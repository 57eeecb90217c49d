"""Field types: one small class per type, registered under a stable key.

Each type knows how to compile a builder field (plain dict) into a JSON
Schema property and UI entry, how to read one back (``from_schema``, used by
import and restore), and which Django form field collects it in the wizard.
Tests build a fresh ``FieldTypeRegistry``; the module-level ``registry``
holds the built-in types.
"""

from __future__ import annotations

from .base import UI_KEYS, BaseFieldType
from .basic import (
    DateFieldType,
    LongTextFieldType,
    MultipleChoiceFieldType,
    NumberFieldType,
    SingleChoiceFieldType,
    TextFieldType,
)
from .special import (
    AddressFieldType,
    CommitmentFieldType,
    CreditCodeFieldType,
    EmailFieldType,
    FileFieldType,
    FormatFieldType,
    GroupFieldType,
    IdNumberFieldType,
    MobileFieldType,
    NoteFieldType,
)

__all__ = [
    "UI_KEYS",
    "BaseFieldType",
    "FieldTypeRegistry",
    "FormatFieldType",
    "registry",
]


class FieldTypeRegistry:
    """Field types by key; ``register`` is usable as a class decorator."""

    def __init__(self):
        self._types: dict[str, BaseFieldType] = {}

    def register(self, cls):
        instance = cls()
        instance.owner = self
        self._types[str(cls.type)] = instance
        return cls

    def __getitem__(self, key: str) -> BaseFieldType:
        return self._types[key]

    def __contains__(self, key) -> bool:
        return key in self._types

    def keys(self):
        return self._types.keys()


registry = FieldTypeRegistry()
for _cls in (
    TextFieldType,
    LongTextFieldType,
    NumberFieldType,
    DateFieldType,
    SingleChoiceFieldType,
    MultipleChoiceFieldType,
    IdNumberFieldType,
    MobileFieldType,
    EmailFieldType,
    CreditCodeFieldType,
    AddressFieldType,
    FileFieldType,
    GroupFieldType,
    NoteFieldType,
):
    registry.register(_cls)
registry.register(CommitmentFieldType)
