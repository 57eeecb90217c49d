"""Catalogue models.

Other apps must not import from here (import-linter checks it): they use
``catalogue.services`` and ``catalogue.indexing``.  Inside the package,
``items`` may import ``reference`` by string only, and ``pages`` imports the
others lazily inside its routes.
"""

from .children import FAQ, FeeItem, Material, ProcessStep
from .halls import ServiceHall
from .items import ServiceItem
from .pages import CatalogueIndexPage
from .reference import Bundle, Department, LifeEvent, Region, Topic
from .review import RegionalApprovalTask
from .scopes import EditorScope, HighFrequencyEntry, HighFrequencyList

__all__ = [
    "FAQ",
    "Bundle",
    "CatalogueIndexPage",
    "Department",
    "EditorScope",
    "FeeItem",
    "HighFrequencyEntry",
    "HighFrequencyList",
    "LifeEvent",
    "Material",
    "ProcessStep",
    "Region",
    "RegionalApprovalTask",
    "ServiceHall",
    "ServiceItem",
    "Topic",
]
