import functools

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from cms.routing import serve_page

from .captcha import captcha_speech
from .media import serve_media

handler500 = "kuulluksi.outage.server_error"

# Wagtail's own URLs, with its page view taking the site and the route from the cache (cms/routing.py).
PAGE_URLS = [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve"),
]


def healthz(request):
    """Liveness probe for the reverse proxy and the process supervisor."""
    return HttpResponse("ok", content_type="text/plain")


@functools.cache
def _favicon_bytes() -> bytes:
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        return icon.read()


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """Browsers ask for /favicon.ico on every page whatever the page links to; answer instead of a 404."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # One login path for everyone: the admin's login and password reset lead to the site's (allauth).
    path("admin/login/", account_views.admin_login, name="admin_login"),
    re_path(
        r"^admin/password_reset/(?P<rest>.*)$",
        account_views.admin_password_reset,
        name="admin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("captcha/speech/<str:key>.wav", captcha_speech, name="captcha_speech"),
    path("captcha/", include("captcha.urls")),
    path("healthz", healthz, name="healthz"),
]

if not settings.PRODUCTION:
    # In production the reverse proxy serves uploaded media (docs/deploy.md).
    urlpatterns += [path("media/<path:path>", serve_media)]

# Finnish, the default language, has no prefix; Swedish is under /sv/ and English under /en/.
urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("moderation/", include("moderation.urls")),
    path("forum/", include("forum.urls")),
    path("eraati/", include("eraati.urls")),
    path("chat/", include("chat.urls")),
    path("search/", include("cms.urls")),
    path("", include(PAGE_URLS)),
    prefix_default_language=False,
)
