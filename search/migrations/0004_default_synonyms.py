"""Install the shipped synonym groups (search/data/synonyms.txt) as rows.

Rows, not a hidden default list, so editors can change or disable them.
Groups whose terms already exist as a row are skipped.
"""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"


def _groups():
    for line in DATA.read_text(encoding="utf-8").splitlines():
        terms = [t.strip() for t in line.split("#", 1)[0].split("=") if t.strip()]
        if len(terms) > 1:
            yield " = ".join(terms)


def install(apps, schema_editor):
    group_model = apps.get_model("search", "SynonymGroup")
    existing = set(group_model.objects.values_list("terms", flat=True))
    group_model.objects.bulk_create(
        group_model(terms=terms) for terms in _groups() if terms not in existing
    )


def remove(apps, schema_editor):
    group_model = apps.get_model("search", "SynonymGroup")
    group_model.objects.filter(terms__in=list(_groups())).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fulltext_structures")]

    operations = [migrations.RunPython(install, remove)]
