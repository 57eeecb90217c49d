"""Bulk reads and writes of service items for the Excel import.

``upsert_items`` saves one item at a time through Wagtail's actions, which
is right for editors and small loads but too slow for a 20,000-item
workbook.  This package does the same work set-wise: existing items are read
a chunk at a time as exchange data (``existing``), and changed items are
written with a few statements per chunk, keeping a published revision and
audit entries per item like ``publish_item`` does (``write``, ``history``).
"""

from .existing import ExistingItem, fetch_existing
from .reference import ensure_reference_data, missing_reference_data
from .write import BulkResult, ItemWrite, write_items

__all__ = [
    "BulkResult",
    "ExistingItem",
    "ItemWrite",
    "ensure_reference_data",
    "fetch_existing",
    "missing_reference_data",
    "write_items",
]
