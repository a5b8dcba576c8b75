from wagtail.models import PageViewRestriction, Site

from cms.models import HomePage, InfoPage
from cms.setup import PUBLICATIONS_SLUG, ensure_publications_section


def test_home_page_is_the_site_root_and_renders(client, home_page):
    assert Site.objects.get(is_default_site=True).root_page.specific == home_page
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert 'href="#main"' in html  # skip link
    assert "data-quick-exit" in html


def test_info_page_only_under_home_or_info_pages():
    assert InfoPage.allowed_parent_page_models() == [HomePage, InfoPage]


def test_language_switcher_goes_from_any_language_to_any_other(client, home_page):
    """The switcher's return address is the page in the default language, which set_language can
    translate into each of the three languages (from /en/ back to Finnish included)."""
    page = client.get("/en/search/?q=asunto")
    assert 'name="next" type="hidden" value="/search/?q=asunto"' in page.content.decode()
    for language, expected in (("fi", "/search/?q=asunto"), ("sv", "/sv/search/?q=asunto")):
        response = client.post("/i18n/setlang/", {"language": language, "next": "/search/?q=asunto"})
        assert response.headers["Location"] == expected


def test_forbidden_page_is_in_the_site_shell_and_language(client, home_page):
    response = client.get("/eraati/kysely/any/vastaukset.csv")  # staff only
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "<h1>Ei pääsyä</h1>" in html
    assert 'href="#main"' in html and "data-quick-exit" in html


def test_staff_get_light_admin_links_instead_of_the_userbar_bundle(client, home_page, make_user):
    """The userbar loads about a megabyte of Wagtail's admin script and styles on every public page: a
    volunteer on an old phone would carry it into the chat. Staff get two links instead."""
    from accounts import roles

    client.force_login(make_user(role=roles.COORDINATOR))
    html = client.get("/").content.decode()
    assert "userbar" not in html
    assert "wagtailadmin/js" not in html and "wagtailadmin/css" not in html
    assert 'href="/admin/"' in html
    assert f'href="/admin/pages/{home_page.pk}/edit/"' in html
    citizen = make_user()
    client.force_login(citizen)
    assert 'href="/admin/' not in client.get("/").content.decode()


def test_the_home_page_title_says_what_the_site_is_and_not_its_name_twice(client, home_page):
    html = client.get("/").content.decode()
    assert "<title>Kuulluksi – Paikka, jossa sosiaalipalvelujen asiakkaat tulevat kuulluiksi.</title>" in html
    assert "Kuulluksi – Kuulluksi" not in html


def test_home_page_links_to_the_publications_without_a_query_a_visit(
    client, home_page, django_assert_num_queries
):
    """The link is kept under the page tree's version: a restricted or unpublished section loses it."""
    publications = ensure_publications_section()
    for _visit in range(2):  # a site's first view may make its settings rows, and so new cache keys
        client.get("/")
    with django_assert_num_queries(1):  # the page, by its cached route
        html = client.get("/").content.decode()
    assert f'href="/{PUBLICATIONS_SLUG}/"' in html

    restriction = PageViewRestriction.objects.create(
        page=publications, restriction_type=PageViewRestriction.LOGIN
    )
    assert f"/{PUBLICATIONS_SLUG}/" not in client.get("/").content.decode()
    restriction.delete()
    assert f'href="/{PUBLICATIONS_SLUG}/"' in client.get("/").content.decode()
    publications.unpublish()
    assert f"/{PUBLICATIONS_SLUG}/" not in client.get("/").content.decode()
