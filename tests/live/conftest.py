"""Fixtures of the live tests: one migrated scratch database per test run."""

import itertools
import os

import pytest

from .site import LiveSite, ScratchDatabase, scratch_site


@pytest.fixture(scope="session")
def live_template(tmp_path_factory):
    """A migrated, empty database that every live site copies."""
    folder = tmp_path_factory.mktemp("live")
    database = ScratchDatabase(os.environ.get("DATABASE_URL"), folder, "live_tpl")
    database.create()
    try:
        LiveSite(database, folder / "tpl-var").manage("migrate", "-v0")
        yield database
    finally:
        database.drop()


_numbers = itertools.count(1)


@pytest.fixture
def live_site(live_template, tmp_path):
    with scratch_site(live_template, tmp_path, f"live_{next(_numbers)}") as site:
        yield site
