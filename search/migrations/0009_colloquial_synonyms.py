"""Install synonym groups added to search/data/synonyms.txt since 0004.

Same rule as 0004: rows, so editors can change or disable them; groups whose
terms already exist as a row are skipped (a fresh database got them in 0004).
"""

from django.db import migrations

from search.migrations import _synonym_rows


class Migration(migrations.Migration):
    dependencies = [("search", "0008_click_stats")]

    operations = [migrations.RunPython(_synonym_rows.install, _synonym_rows.remove_added)]
