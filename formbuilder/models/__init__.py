"""Form-builder models.

Only ``formbuilder`` imports these (other apps go through
``formbuilder.services``).  ``submissions`` refers to ``definitions`` by
string, so either module loads alone.
"""

from .definitions import FormDefinition, FormVersion
from .limits import RateCounter
from .submissions import (
    Draft,
    InboxNotice,
    OwedMaterial,
    StatusChange,
    Submission,
    Upload,
)

__all__ = [
    "Draft",
    "FormDefinition",
    "FormVersion",
    "InboxNotice",
    "OwedMaterial",
    "RateCounter",
    "StatusChange",
    "Submission",
    "Upload",
]
