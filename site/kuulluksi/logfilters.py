"""Logging filters that keep eRaati requests out of every log the site writes.

Django's request and security loggers name the path of every 4xx and 5xx answer, and journald stamps
each line to the microsecond: a warning about an eRaati page would tell when someone answered, withdrew
or opened an invitation (whose token can be in the path). docs/privacy.md has the threat model.
"""

import logging
import re

from django.conf import settings


def _eraati_path() -> re.Pattern:
    prefixes = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    # The icon is fetched with the first page a browser loads, an eRaati page too.
    return re.compile(rf"^(?:/(?:(?:{prefixes})/)?eraati(?:/|$)|/favicon\.ico$)")


class NoEraatiRequests(logging.Filter):
    """Drop every record made while serving an eRaati request or the icon (``record.request``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if not isinstance(path, str):
            return True
        return not _eraati_path().match(path)
