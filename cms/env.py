"""Typed reads of environment variables, used only by ``cms.settings``.

Every variable the project understands is documented in ``.env.example`` and
``docs/configuration.md``; settings modules read them through these helpers
so that parsing rules (booleans, lists) live in one place.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_required(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (1/0, true/false), not {value!r}."
    )


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = env_str(name)
    if value is None:
        return list(default or [])
    return [part.strip() for part in value.split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be an integer, not {value!r}."
        ) from exc


# Words that mark a value someone meant to replace.
_PLACEHOLDERS = (
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "insecure",
    "example",
    "xxx",
)
MIN_SECRET_LENGTH = 50
MIN_SECRET_CHARACTERS = 5


def strong_secret(name: str, value: str) -> str:
    """``value`` if it is fit to sign sessions with, else ImproperlyConfigured.

    Django's own deployment check only warns; a guessable key lets anyone
    forge a session, so production refuses to start with one.
    """
    lowered = value.lower()
    if (
        len(value) < MIN_SECRET_LENGTH
        or len(set(value)) < MIN_SECRET_CHARACTERS
        or lowered.startswith("django-insecure")
        or any(word in lowered for word in _PLACEHOLDERS)
    ):
        raise ImproperlyConfigured(
            f"{name} is weak or a placeholder: use at least {MIN_SECRET_LENGTH} random "
            "characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    return value
