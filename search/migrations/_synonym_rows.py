"""Shared by the synonym data migrations: the shipped groups as rows."""

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"
# Groups 0004 shipped end where the colloquial section (issue 15) starts.
ADDED_MARKER = "# Colloquial words of spoken questions"


def groups(path: Path = DATA, *, added_only: bool = False):
    seen_marker = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(ADDED_MARKER):
            seen_marker = True
        if added_only and not seen_marker:
            continue
        terms = [t.strip() for t in line.split("#", 1)[0].split("=") if t.strip()]
        if len(terms) > 1:
            yield " = ".join(terms)


def install(apps, schema_editor):
    group_model = apps.get_model("search", "SynonymGroup")
    existing = set(group_model.objects.values_list("terms", flat=True))
    group_model.objects.bulk_create(
        group_model(terms=terms) for terms in groups() if terms not in existing
    )


def remove_added(apps, schema_editor):
    group_model = apps.get_model("search", "SynonymGroup")
    group_model.objects.filter(terms__in=list(groups(added_only=True))).delete()
