"""The WebSocket origin check (cross-site WebSocket hijacking): only pages of this site may open a socket.

Channels' ``AllowedHostsOriginValidator`` compares host names only and lets ``"*"`` in ``ALLOWED_HOSTS``
accept any origin. This validator is built from the settings at each connection instead:

* a missing or unparsable ``Origin`` is refused, always;
* ``"*"`` is never an allowed origin;
* when the site runs on HTTPS only (``SESSION_COOKIE_SECURE``, the production profile) an origin must be
  ``https://<one of ALLOWED_HOSTS>`` (default port) or one of ``CSRF_TRUSTED_ORIGINS`` exactly, so an
  ``http://`` page of the same host is refused too; otherwise (the embedded default on plain HTTP) the
  host name must be one of ``ALLOWED_HOSTS``, on any scheme and port.

Host names compare as Django compares them (``.example.org`` also covers its subdomains), so a lookalike
such as ``kuulluksi.example.evil.test`` never passes for ``kuulluksi.example``.
"""

from channels.security.websocket import OriginValidator
from django.conf import settings


def allowed_websocket_origins() -> list[str]:
    """The origin patterns a WebSocket may come from, in ``OriginValidator``'s pattern syntax."""
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    if settings.SESSION_COOKIE_SECURE:
        hosts = [f"https://{host}" for host in hosts]
    return hosts + [origin for origin in settings.CSRF_TRUSTED_ORIGINS if "*" not in origin]


class SiteOriginValidator(OriginValidator):
    """Refuses a WebSocket whose ``Origin`` is missing or is not one of :func:`allowed_websocket_origins`."""

    def __init__(self, application):
        super().__init__(application, allowed_origins=())

    def valid_origin(self, parsed_origin) -> bool:
        if parsed_origin is None:
            return False
        return any(
            self.match_allowed_origin(parsed_origin, pattern) for pattern in allowed_websocket_origins()
        )
