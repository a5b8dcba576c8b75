"""Response headers that Django's own settings do not cover: the per-area Content-Security-Policy and
the Permissions-Policy. The policies themselves live in settings (``CONTENT_SECURITY_POLICY``,
``ADMIN_CONTENT_SECURITY_POLICY``, ``PERMISSIONS_POLICY``); docs/hardening.md explains them.
Also the request filter that keeps NUL characters out of everything the site reads."""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import Http404, QueryDict
from django.utils.deprecation import MiddlewareMixin


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's looser policy under ``ADMIN_CSP_URL_PREFIXES``.

    Every other path gets the strict site-wide ``CONTENT_SECURITY_POLICY``. A view that sets its own
    header (Wagtail's document and image serving send ``default-src 'none'``) keeps it.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.ADMIN_CSP_URL_PREFIXES))
        ):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


class PermissionsPolicyMiddleware(MiddlewareMixin):
    """Sends ``Permissions-Policy`` built from the ``PERMISSIONS_POLICY`` setting: every feature the site
    never uses (camera, microphone, location, …) is switched off for the page and anything it embeds."""

    def process_response(self, request, response):
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(
                f"{feature}=({' '.join(allowlist)})"
                for feature, allowlist in settings.PERMISSIONS_POLICY.items()
            )
        return response


NUL = "\x00"


def _without_nul(data: QueryDict) -> QueryDict:
    """``data`` with NUL characters taken out of every name and value (``data`` itself if it has none)."""
    if not any(NUL in key or any(NUL in value for value in values) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    cleaned._mutable = False
    return cleaned


class NulCharacterMiddleware:
    """No NUL character gets past the request: PostgreSQL refuses text that holds one (the query fails
    with a server error) and SQLite's full-text search chokes on it.

    An address with a NUL is one the site never made: it is not found. In the query string and in an
    ordinary (URL-encoded) form the character is taken out, so a search for ``word<NUL>`` finds what
    ``word`` finds. A cookie that holds one is dropped, as if it had never been sent. File uploads
    (multipart forms) are parsed by their views; Django's form fields refuse a NUL there with a message
    next to the field. This runs before the session, the user and every view read the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            raise Http404
        if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value for name, value in request.COOKIES.items() if NUL not in name and NUL not in value
            }
        request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            request.POST = _without_nul(request.POST)
        return self.get_response(request)
