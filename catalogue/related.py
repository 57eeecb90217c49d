"""Content that other apps attach to item guides, without catalogue importing them.

Guides and video tutorials live in higher layers (``cms``); they register a
provider here at start-up and the item guide asks the registry for links.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RelatedLink:
    """One link shown under "Guides and videos" on an item guide."""

    title: str
    url: str
    kind: str  # "guide" or "video"; the template picks a label per kind
    summary: str = ""


Provider = Callable[..., Iterable[RelatedLink]]


class RelatedContentRegistry:
    """Providers called with ``(item, request)``, in registration order."""

    def __init__(self):
        self._providers: list[Provider] = []

    def register(self, provider: Provider) -> Provider:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def links_for(self, item, request=None) -> list[RelatedLink]:
        links: list[RelatedLink] = []
        for provider in self._providers:
            links.extend(provider(item, request))
        return links


related_content = RelatedContentRegistry()
