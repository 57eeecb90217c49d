"""Shared by the synonym data migrations: the shipped groups as rows."""

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"
# Groups 0004 shipped end where the colloquial section (issue 15) starts;
# the everyday-words section (0011) starts at the second marker.
ADDED_MARKER = "# Colloquial words of spoken questions"
EVERYDAY_MARKER = "# Everyday words for the catalogue's terms"


def groups(
    path: Path = DATA,
    *,
    added_only: bool = False,
    since: str = ADDED_MARKER,
    until: str | None = None,
):
    """Groups of the file; ``added_only``: those from ``since`` to ``until``."""
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(since):
            inside = True
        if until and line.startswith(until):
            inside = False
        if added_only and not inside:
            continue
        terms = [t.strip() for t in line.split("#", 1)[0].split("=") if t.strip()]
        if len(terms) > 1:
            yield " = ".join(terms)


def install(apps, schema_editor, *, rows=None):
    group_model = apps.get_model("search", "SynonymGroup")
    existing = set(group_model.objects.values_list("terms", flat=True))
    group_model.objects.bulk_create(
        group_model(terms=terms)
        for terms in (groups() if rows is None else rows)
        if terms not in existing
    )


def remove_added(apps, schema_editor):
    group_model = apps.get_model("search", "SynonymGroup")
    rows = groups(added_only=True, until=EVERYDAY_MARKER)
    group_model.objects.filter(terms__in=list(rows)).delete()


def install_everyday(apps, schema_editor):
    """Only the everyday section: rows editors removed since 0009 stay removed."""
    install(apps, schema_editor, rows=list(everyday()))


def remove_everyday(apps, schema_editor):
    group_model = apps.get_model("search", "SynonymGroup")
    group_model.objects.filter(terms__in=list(everyday())).delete()


def everyday():
    return groups(added_only=True, since=EVERYDAY_MARKER)
