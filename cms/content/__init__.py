"""Editorial content of the portal: guide pages, video tutorials, service zones.

A module package of the ``cms`` app (models register under the ``cms`` label)
because these pages link to service items and forms, so they belong to the
top layer that may use ``catalogue.services``; see ADR 0007.
"""
