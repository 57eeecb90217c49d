"""Print the background worker's status as JSON; exit 1 when tasks would not run."""

import json
import sys

from django.core.management.base import BaseCommand

from cms.worker import worker_status


class Command(BaseCommand):
    help = (
        "Print the workers alive and the task backlog as JSON. Exit status 0 when "
        "background work will run (a live worker, or in-process tasks), else 1."
    )

    def handle(self, *args, **options):
        status = worker_status()
        self.stdout.write(json.dumps(status.as_dict(), ensure_ascii=False))
        if not status.ready:
            sys.exit(1)
