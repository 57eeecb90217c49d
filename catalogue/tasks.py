"""Background tasks of the catalogue (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def announce_documents(codes: list[str]) -> None:
    """Announce the search documents of items written in bulk, one by one."""
    from .indexing import announce_each

    announce_each(codes)
