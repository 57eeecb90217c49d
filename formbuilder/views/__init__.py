"""Citizen pages (``pages``) and the formtools wizard (``wizard``)."""

from .pages import receipt, resume, saved, start, status, status_lookup
from .wizard import REVIEW_STEP, ApplicationWizard

__all__ = [
    "REVIEW_STEP",
    "ApplicationWizard",
    "receipt",
    "resume",
    "saved",
    "start",
    "status",
    "status_lookup",
]
