"""Security headers on every public page type and on the Wagtail admin (the embedded default's settings;
the production-only headers are checked in test_settings_profiles.py)."""

import pytest
from django.conf import settings
from django.test import Client

from kuulluksi.tests.public_pages import load_demo, representative_urls

STRICT_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "media-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), payment=(), usb=()"
    ),
}


def directives(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.fixture
def demo_site(db):
    load_demo()


def test_every_public_page_type_gets_the_strict_policy_and_headers(demo_site, client, make_user):
    citizen = Client()
    citizen.force_login(make_user())
    signed_in = {"own data", "forum new topic"}
    seen = {}
    for name, url in representative_urls().items():
        response = (citizen if name in signed_in else client).get(url)
        seen[name] = (
            response.status_code,
            directives(response),
            {header: response.get(header) for header in [*COMMON_HEADERS, "X-Frame-Options"]},
        )
    expected_status = {name: 200 for name in seen} | {"not found": 404}
    assert {name: status for name, (status, _csp, _headers) in seen.items()} == expected_status
    for name, (_status, csp, headers) in seen.items():
        assert csp == STRICT_DIRECTIVES, name
        assert headers == {**COMMON_HEADERS, "X-Frame-Options": "DENY"}, name


def test_public_policy_has_no_unsafe_sources(client, home_page):
    header = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "upgrade-insecure-requests" not in header  # production only: the embedded default is plain HTTP


def test_admin_gets_its_own_policy(client, make_user, home_page):
    client.force_login(make_user(superuser=True))
    for url in ("/admin/", f"/admin/pages/{home_page.pk}/edit/", "/admin/login/"):
        response = client.get(url, follow=url == "/admin/login/")
        assert response.status_code == 200, url
        assert directives(response) == {
            **STRICT_DIRECTIVES,
            "script-src": "'self' 'unsafe-inline'",
            "style-src": "'self' 'unsafe-inline'",
            "img-src": "'self' blob:",
            "frame-src": "'self'",
            "frame-ancestors": "'self'",
        }, url
        assert "unsafe-eval" not in response["Content-Security-Policy"]
        assert response["Permissions-Policy"] == COMMON_HEADERS["Permissions-Policy"]


def test_a_page_under_an_admin_like_path_elsewhere_keeps_the_strict_policy(client, home_page):
    """Only the admin's own prefix is loosened: /administration/ or /en/admin/ are not the admin."""
    assert settings.ADMIN_CSP_URL_PREFIXES == ["/admin/"]
    for url in ("/administration/", "/en/admin/"):
        response = client.get(url)
        assert directives(response) == STRICT_DIRECTIVES, url


def test_served_documents_keep_wagtails_own_policy(client, db):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Ohje", file=ContentFile(b"%PDF-1.4 ohje", name="ohje.pdf"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
