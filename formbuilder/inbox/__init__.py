"""The staff inbox in Wagtail's idiom.

- ``filters``: the side-panel filter set (form, item, region, status, date
  range, materials owed), every choice limited to what the user may see;
- ``views``: the listing (a generic ``IndexView``: header, search by
  reference, sortable columns, pagination, XLSX/CSV export) and the
  submission page;
- ``bulk_actions``: the status change with a note, registered with
  ``register_bulk_action``; all or nothing, re-checking the region scope;
- ``audit``: how status log entries read in the admin (with their note).
"""
