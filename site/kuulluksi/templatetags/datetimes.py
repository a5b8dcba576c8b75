"""Machine-readable times for ``<time datetime="…">``."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value) -> str:
    """Local time as an HTML global date and time string, to the second: ``2026-12-01T18:00:00+02:00``.

    Django's ``|date:'c'`` keeps microseconds, which the HTML standard does not allow (at most three
    digits of a second)."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
