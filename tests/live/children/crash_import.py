"""Import a workbook and SIGKILL this process at the import's commit.

Usage: crash_import.py before-commit|after-commit WORKBOOK

The kill comes on the first commit of the default connection after the
items were written: ``before-commit`` just before it, so the transaction
never commits; ``after-commit`` just after it, before any on-commit
callback (the in-process task backend would index there).
"""

import os
import signal
import sys

import django

django.setup()

from django.db import connection  # noqa: E402

from catalogue import services  # noqa: E402
from imports import services as imports  # noqa: E402

when, workbook = sys.argv[1], sys.argv[2]
armed = []
real_write, real_commit = services.bulk_write_items, connection.commit


def write_then_arm(*args, **kwargs):
    result = real_write(*args, **kwargs)
    armed.append(True)
    return result


def commit():
    if armed and when == "before-commit":
        os.kill(os.getpid(), signal.SIGKILL)
    real_commit()
    if armed and when == "after-commit":
        os.kill(os.getpid(), signal.SIGKILL)


services.bulk_write_items = write_then_arm
connection.commit = commit
imports.import_file(workbook)
print("not killed: the import never reached its commit", file=sys.stderr)
sys.exit(3)
