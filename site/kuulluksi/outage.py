"""A database outage (PostgreSQL restarting, connections cut) gets a translated 503 page, not a bare 500.

The page is rendered without a request context, so neither the session, the user nor the footer links
are looked up: it renders while the database is unreachable. ``Retry-After`` tells browsers and the
reverse proxy when to try again.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

# What a lost or refused connection raises (SQLite's "database is locked" is an OperationalError too).
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def outage_response(lead: str = "") -> HttpResponse:
    """The 503 page; ``lead`` tells what happened to what the person sent (e.g. answers not saved)."""
    response = HttpResponse(render_to_string("503.html", {"lead": lead}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turns a database outage in a view (or in rendering its template) into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_OUTAGE_ERRORS):
            return outage_response()
        return None


def server_error(request, template_name="500.html"):
    """``handler500``: an outage met outside a view (e.g. saving the session) still gets the 503 page.

    The exception is known here only when Django runs the handler in the thread that raised it;
    otherwise the plain, database-free 500 page is the answer.
    """
    if isinstance(sys.exc_info()[1], DATABASE_OUTAGE_ERRORS):
        return outage_response()
    return defaults.server_error(request, template_name)
