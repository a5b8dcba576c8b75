"""Formats shared by every template: machine-readable times for ``<time datetime="…">`` and numbers in
the language of the page."""

from django import template
from django.template.defaultfilters import floatformat
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


@register.filter
def percent(value: float | None) -> str:
    """A percentage with at most one decimal, in the current language's format, and a no-break space
    before the sign so that the number and the sign never part: ``17,2 %`` in Finnish and Swedish,
    ``17.2 %`` in English. The same digits as ``floatformat:"-1"`` in the tables beside it."""
    if value is None:
        return ""
    return f"{floatformat(value, '-1')}\u00a0%"
