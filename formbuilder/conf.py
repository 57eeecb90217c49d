"""Form-builder settings with defaults, read lazily (``FORMBUILDER_*``)."""

from django.conf import settings

DEFAULTS = {
    "MAX_SCHEMA_BYTES": 256 * 1024,
    "MAX_SCHEMA_DEPTH": 16,
    "MAX_PATTERN_LENGTH": 200,
    "MAX_ANSWER_BYTES": 512 * 1024,
    "DRAFT_DAYS": 30,
    "RETENTION_DAYS": 3 * 365,
    "UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
    "UPLOAD_TYPES": ["pdf", "jpeg", "png", "ofd", "docx", "xlsx"],
    "UPLOAD_ROOT": None,  # default: <VAR_DIR>/private/formbuilder
    "RATE_LIMIT": 10,  # submissions (and resume/status look-ups) per window
    "RATE_WINDOW_SECONDS": 600,
    # Uploads per window, as a multiple of RATE_LIMIT (a form has several files).
    "UPLOAD_RATE_FACTOR": 5,
    # META key holding the client address set by a trusted proxy (e.g.
    # "HTTP_X_REAL_IP"); unset: REMOTE_ADDR.
    "CLIENT_IP_HEADER": None,
    # Dotted path of a class with ``context_for(definition, subject_code)`` ->
    # ``FormContext`` and ``linked_codes(definition_ids)`` -> {id: [codes]};
    # set by the site (see formbuilder.services.FormContextProvider).
    "CONTEXT_PROVIDER": None,
}


def get(name: str):
    return getattr(settings, f"FORMBUILDER_{name}", DEFAULTS[name])
