"""Delete every queued task row, as if the queue had been lost."""

import django

django.setup()

from django_tasks_db.models import DBTaskResult  # noqa: E402

DBTaskResult.objects.all().delete()
