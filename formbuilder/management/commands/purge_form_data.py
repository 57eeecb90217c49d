"""Delete expired drafts and submissions past FORMBUILDER_RETENTION_DAYS."""

from django.core.management.base import BaseCommand

from formbuilder import services


class Command(BaseCommand):
    help = "Delete expired drafts and submissions older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args, dry_run=False, **options):
        counts = services.purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {counts['drafts']} drafts and {counts['submissions']} submissions."
        )
