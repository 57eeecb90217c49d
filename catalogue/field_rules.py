"""What the models allow in a field, for code that checks values before saving.

The import reads lengths, maximums and validators from here, so a change to
a model field (a longer name, a new code pattern) is one change, not one in
the model and another typed again in a parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

from .models import Bundle, Department, LifeEvent, Material, Region, ServiceItem

MODELS = {
    "item": ServiceItem,
    "material": Material,
    "region": Region,
    "department": Department,
    "bundle": Bundle,
    "life_event": LifeEvent,
}


@dataclass(frozen=True)
class FieldRules:
    max_length: int | None
    max_value: int | None
    validators: tuple

    def errors(self, value) -> list[str]:
        """The messages of the field's validators that ``value`` fails."""
        found = []
        for validator in self.validators:
            try:
                validator(value)
            except ValidationError as error:
                found.extend(str(message) for message in error.messages)
        return found


@cache
def field_rules(model: str, name: str) -> FieldRules:
    """The rules of field ``name`` of ``model`` ("item", "material", "region", "department")."""
    model_field = MODELS[model]._meta.get_field(name)
    validators = tuple(
        v
        for v in model_field.validators
        if not isinstance(v, MaxValueValidator)
        and type(v).__name__ != "MaxLengthValidator"
    )
    maxima = [
        v.limit_value
        for v in model_field.validators
        if isinstance(v, MaxValueValidator)
    ]
    return FieldRules(
        max_length=getattr(model_field, "max_length", None),
        max_value=min(maxima) if maxima else None,
        validators=validators,
    )
