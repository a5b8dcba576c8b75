"""Uploaded media on the embedded profile, sent as nginx sends it in production
(``deploy/nginx/kuulluksi.conf``): never sniffed, sandboxed, and no documents.

Documents are reachable only through Wagtail's ``/documents/<id>/<name>`` view, which checks the
collection's view restrictions and sends every document as a download. Under ``/media/`` a document
would be a file of the site's own origin, which ``script-src 'self'`` trusts: an uploaded script could
then run in every page that anyone managed to point at it.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

DOCUMENTS_FOLDER = "documents/"  # Wagtail's upload folder for documents
MEDIA_POLICY = "default-src 'none'; sandbox"


def serve_media(request, path: str):
    if posixpath.normpath(path).lstrip("/").startswith(DOCUMENTS_FOLDER):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_POLICY
    return response
