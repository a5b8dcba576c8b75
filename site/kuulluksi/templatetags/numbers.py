"""Numbers in the language of the page."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A percentage with at most one decimal, in the current language's format, and a no-break space
    before the sign so that the number and the sign never part: ``17,2 %`` in Finnish and Swedish,
    ``17.2 %`` in English. The same digits as ``floatformat:"-1"`` in the tables beside it."""
    if value is None:
        return ""
    return f"{floatformat(value, '-1')}\u00a0%"
