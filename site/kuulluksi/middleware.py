"""Response headers that Django's own settings do not cover: the per-area Content-Security-Policy and
the Permissions-Policy. The policies themselves live in settings (``CONTENT_SECURITY_POLICY``,
``ADMIN_CONTENT_SECURITY_POLICY``, ``PERMISSIONS_POLICY``); docs/hardening.md explains them."""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
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
