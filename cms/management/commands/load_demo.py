from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo catalogue, pages, editor groups and users (idempotent)."

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(
            _(
                "Items: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
            )
            % {
                "created": result.items_created,
                "updated": result.items_updated,
                "unchanged": result.items_unchanged,
            }
        )
        self.stdout.write(_("Demo logins (admin at /admin/):"))
        for username, password, label in result.logins:
            self.stdout.write(f"  {username} / {password}  ({label})")
