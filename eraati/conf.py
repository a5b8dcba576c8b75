"""eRaati settings, each with a default so that settings.py needs no entry.

Override any of them in the settings module, e.g. ``ERAATI_MIN_CELL = 10``.
"""

from django.conf import settings


def min_cell() -> int:
    """The rounding base of published counts (eraati/disclosure.py); a smaller count is shown only as
    "fewer than" it, and a question or survey answered by fewer shows no figures at all."""
    return getattr(settings, "ERAATI_MIN_CELL", 5)


def contact_retention_months() -> int:
    """How many calendar months an opt-in contact is kept after consent (default 12, as the consent
    text promises)."""
    return getattr(settings, "ERAATI_CONTACT_RETENTION_MONTHS", 12)


def submit_rate_soft() -> int:
    """Answers per client address in one window before the form asks for a captcha."""
    return getattr(settings, "ERAATI_SUBMIT_RATE_SOFT", 10)


def submit_rate_hard() -> int:
    """Answers per client address in one window before further answers are refused for a while."""
    return getattr(settings, "ERAATI_SUBMIT_RATE_HARD", 60)


def submit_rate_window() -> int:
    """Length of the rate-limit window in seconds."""
    return getattr(settings, "ERAATI_SUBMIT_RATE_WINDOW", 600)


def senders() -> dict[str, str]:
    """Dotted paths of the message senders per channel. Add ``"phone"`` when an SMS gateway exists."""
    return getattr(settings, "ERAATI_SENDERS", {"email": "eraati.senders.EmailSender"})


def site_url() -> str:
    """Absolute base of links in messages (invitations, withdraw links)."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
