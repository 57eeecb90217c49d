"""Public reference numbers (BS-YYYYMMDD-XXXXXX) and resume codes."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

# Crockford-like base32 without the easily confused 0/O, 1/I/L and U.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_reference(now=None) -> str:
    now = timezone.localtime(now)
    return f"BS-{now:%Y%m%d}-{random_code(6)}"


def normalise_code(text: str) -> str:
    """Upper-case and drop spaces so a code typed by hand still matches."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum() or ch == "-")


def new_resume_code() -> str:
    return random_code(8)


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()
