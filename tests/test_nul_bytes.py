"""A NUL character anywhere a request carries text (address, query string, form, cookie) gets an
ordinary page, never a server error or the outage page. PostgreSQL refuses NUL in any text it is sent,
so one that reaches a query fails the request; SQLite's full-text search chokes on it too."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from forum import services as forum_services
from forum.models import Category

pytestmark = pytest.mark.django_db

NUL = "%00"
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _fill(route: str) -> str | None:
    """The route with NUL in every text parameter and 1 in every number; None if it takes no text."""
    if route.startswith("^") or "(?P" in route:
        return None
    text_parameters = [kind for kind, _name in CONVERTER.findall(route) if kind in ("", "str", "path")]
    if not text_parameters:
        return None
    return "/" + CONVERTER.sub(
        lambda match: NUL if (match.group(1) or "str") in ("str", "path") else "1", route
    ).lstrip("^").rstrip("$")


TEXT_ROUTES = sorted({url for url in map(_fill, _routes()) if url})
PLAIN_ROUTES = sorted(
    {"/" + route for route in _routes() if "<" not in route and "(" not in route and "^" not in route}
    - {"/healthz", "/admin/failwhale/"}  # the liveness probe; Wagtail's deliberate server error
)


def _ordinary(response) -> None:
    assert response.status_code < 500, response.status_code
    assert "Tilapäisesti poissa käytöstä" not in response.content.decode(errors="replace")


@pytest.fixture
def citizen_client(client, make_user):
    client.force_login(make_user())
    return client


def test_the_inventory_finds_the_text_routes():
    assert "/moderation/report/1/%00/" in TEXT_ROUTES
    assert "/search/" in PLAIN_ROUTES and "/forum/search/" in PLAIN_ROUTES


@pytest.mark.parametrize("url", [*TEXT_ROUTES, "/%00/", "/k-talkit/%00/", "/forum/%00", "/sv/%00/"])
def test_nul_in_the_address(client, make_user, url):
    _ordinary(client.get(url))
    client.force_login(make_user(superuser=True))
    _ordinary(client.get(url))


@pytest.mark.parametrize("url", PLAIN_ROUTES)
def test_nul_in_the_query_string(client, make_user, url):
    query = "?q=abc%00&page=%00&next=%00&quote=%00&status=%00&year=%00&by=%00&interest=%00&p=%00"
    _ordinary(client.get(url + query))
    client.force_login(make_user(superuser=True))
    _ordinary(client.get(url + query))


def test_nul_in_a_search_query_finds_what_the_rest_of_it_finds(client, make_user):
    category = Category.objects.create(name="Yleinen", slug="yleinen", position=1)
    forum_services.create_topic(
        author=make_user(),
        category=category,
        title="Asumistuki",
        body="Asumistuesta",
        apply_new_user_limits=False,
    )
    response = client.get("/search/", {"q": "Asumistuki\x00"})
    _ordinary(response)
    assert "Asumistuki" in response.content.decode()
    _ordinary(client.get("/forum/search/", {"q": "\x00Asumistuki"}))


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "django_language", "messages"])
def test_nul_in_a_cookie(client, cookie):
    client.cookies[cookie] = "abcdefghijklmnop\x00qrstuvwxyz"
    _ordinary(client.get("/"))
    _ordinary(client.get("/forum/"))


def test_nul_in_a_form(client, make_user):
    author = make_user()
    category = Category.objects.create(name="Yleinen", slug="yleinen", position=1)
    topic = forum_services.create_topic(
        author=author, category=category, title="Aihe", body="Teksti", apply_new_user_limits=False
    )
    _ordinary(client.post("/accounts/login/", {"login": "x\x00", "password": "y\x00"}))
    _ordinary(client.post("/accounts/signup/", {"username": "a\x00b", "email": "a\x00@example.org"}))
    client.force_login(make_user())
    _ordinary(client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Hei\x00 maailma"}))
    _ordinary(client.post(f"/forum/c/{category.slug}/new/", {"title": "\x00", "body": "\x00"}))
