"""A test client whose requests end as if their transaction had committed.

Tests run inside a transaction that is never committed, so
``transaction.on_commit`` callbacks (tasks queued after a change, with the
in-process task backend) would never run.  In a served request they run when
the request's transaction commits; this client runs them at the end of
each request.
"""

from django.test import Client, TestCase


class CommittingClient(Client):
    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)
