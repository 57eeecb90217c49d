"""Which regions the requested site serves, told by the layer that knows sites.

A city portal (``cms.PortalSettings.scope_to_region``) lists only its own
regions' items, and sends a visitor who follows a link to another region's
guide to a site that does serve it.  ``cms`` registers the provider at start-up
so the catalogue never imports it; without one every site serves every region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteScope:
    region_ids: frozenset[int] | None = None  # None: every region
    # ``elsewhere(item)`` -> absolute URL of a site serving the item, or None.
    elsewhere: Callable[[object], str | None] | None = None

    def allows(self, region_id) -> bool:
        return self.region_ids is None or region_id in self.region_ids


_providers: list[Callable[[object], SiteScope]] = []


def register(provider: Callable[[object], SiteScope]):
    _providers[:] = [provider]
    return provider


def scope_for(request) -> SiteScope:
    return _providers[0](request) if _providers and request is not None else SiteScope()
