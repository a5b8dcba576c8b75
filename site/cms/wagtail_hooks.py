"""Wagtail hooks of the site as a whole."""

import posixpath

from django.conf import settings
from django.http import Http404
from wagtail import hooks


@hooks.register("before_serve_document")
def refuse_document_types_no_longer_allowed(document, request):
    """A document of a type outside ``WAGTAILDOCS_EXTENSIONS`` (one stored before the list) is not sent:
    a download header does not stop a browser from running a ``.js`` file as a page's script."""
    extension = posixpath.splitext(document.filename)[1].lstrip(".").lower()
    if extension not in settings.WAGTAILDOCS_EXTENSIONS:
        raise Http404
