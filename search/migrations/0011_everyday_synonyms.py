"""Install the everyday-words synonym groups of search/data/synonyms.txt.

Only that section: groups shipped before and since removed or edited by an
editor are left as the editor left them.
"""

from django.db import migrations

from search.migrations import _synonym_rows


class Migration(migrations.Migration):
    dependencies = [("search", "0010_name_fulltext")]

    operations = [
        migrations.RunPython(
            _synonym_rows.install_everyday, _synonym_rows.remove_everyday
        )
    ]
