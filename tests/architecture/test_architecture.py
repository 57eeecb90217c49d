"""Project-shape checks: import contracts, migrations, deploy settings."""

import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PROJECT_APPS = ("cms", "catalogue", "formbuilder", "search", "imports", "themes")


def _run(args, **env):
    # A browser test may have relaxed Django's async safety in this process;
    # the checked subprocess must see the environment production would.
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(  # noqa: S603 - fixed arguments
        args,
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


class ImportContractTests(SimpleTestCase):
    def test_import_linter_contracts_hold(self):
        """The layered app boundaries in pyproject.toml are kept."""
        result = _run([str(BIN / "lint-imports"), "--no-cache"])
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Contracts: ", result.stdout)
        self.assertNotIn("BROKEN", result.stdout)


class AppLayoutTests(SimpleTestCase):
    def test_every_project_app_is_installed_with_its_label(self):
        """Each top-level app exists as a Django app whose label is its folder."""
        for label in PROJECT_APPS:
            with self.subTest(label=label):
                config = apps.get_app_config(label)
                self.assertEqual(config.name, label)
                self.assertTrue((ROOT / label / "apps.py").exists())


class MigrationTests(TestCase):
    def test_models_and_migrations_agree(self):
        """makemigrations --check finds nothing to write."""
        out = StringIO()
        try:
            call_command("makemigrations", "--check", "--dry-run", stdout=out)
        except SystemExit as exc:  # raised when a migration is missing
            self.fail(f"Missing migrations:\n{out.getvalue()} ({exc})")


class DeploySettingsTests(SimpleTestCase):
    def _production_env(self, **overrides):
        env = {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "banshi.example.gov.cn",
            "DATABASE_URL": "sqlite:////tmp/banshi-deploy-check.sqlite3",
            "SECURE_HSTS_PRELOAD": "true",
        }
        env.update(overrides)
        return env

    def test_check_deploy_passes_with_production_settings(self):
        """`manage.py check --deploy` reports no warnings on production settings."""
        result = _run(
            [
                sys.executable,
                "manage.py",
                "check",
                "--deploy",
                "--fail-level",
                "WARNING",
            ],
            **self._production_env(),
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_production_refuses_to_start_without_secret_key(self):
        """Production settings fail fast instead of inventing a secret key."""
        result = _run(
            [sys.executable, "manage.py", "check"],
            **self._production_env(SECRET_KEY=""),
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_production_refuses_weak_or_placeholder_secret_keys(self):
        for key in (
            "changeme",
            "x" * 60,
            "django-insecure-" + secrets.token_urlsafe(50),
            "please-changeme-" + secrets.token_urlsafe(50),
            secrets.token_urlsafe(20),
        ):
            with self.subTest(key=key[:20]):
                result = _run(
                    [sys.executable, "manage.py", "check"],
                    **self._production_env(SECRET_KEY=key),
                )
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("SECRET_KEY is weak or a placeholder", result.stderr)


class LintTests(SimpleTestCase):
    def test_ruff_finds_nothing(self):
        """The code passes ruff's lint rules and formatting (pyproject.toml)."""
        for args in (["check", "."], ["format", "--check", "."]):
            with self.subTest(args=args):
                result = _run([str(BIN / "ruff"), *args, "--exclude", ".venv"])
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
