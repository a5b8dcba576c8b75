from wagtail.models import Site

from cms.models import HomePage, InfoPage


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
