import pytest

from accounts import roles
from cms.models import InfoPage
from cms.setup import PUBLICATIONS_SLUG, setup_site


@pytest.fixture
def site_pages(db):
    home = setup_site()
    return (
        home,
        InfoPage.objects.get(slug=PUBLICATIONS_SLUG, locale__language_code="fi"),
        InfoPage.objects.get(slug="tietosuoja", locale__language_code="fi"),
    )


def test_social_work_staff_publish_only_in_their_section(make_user, site_pages):
    home, publications, privacy = site_pages
    staff = make_user(role=roles.SOCIAL_WORK_STAFF)
    assert publications.permissions_for_user(staff).can_publish()
    assert publications.permissions_for_user(staff).can_add_subpage()
    assert not privacy.permissions_for_user(staff).can_edit()
    assert not home.permissions_for_user(staff).can_add_subpage()


def test_coordinators_write_everywhere_but_publish_through_a_workflow(make_user, site_pages):
    home, _publications, privacy = site_pages
    coordinator = make_user(role=roles.COORDINATOR)
    assert privacy.permissions_for_user(coordinator).can_edit()
    assert home.permissions_for_user(coordinator).can_add_subpage()
    assert not privacy.permissions_for_user(coordinator).can_publish()


@pytest.mark.parametrize("role", [roles.CITIZEN, roles.PEER_MODERATOR])
def test_other_roles_cannot_touch_pages(make_user, site_pages, role):
    home, publications, privacy = site_pages
    user = make_user(role=role)
    for page in (home, publications, privacy):
        assert not page.permissions_for_user(user).can_edit()


def test_setup_site_twice_changes_nothing(site_pages):
    from wagtail.models import GroupPagePermission, Page

    pages, grants = Page.objects.count(), GroupPagePermission.objects.count()
    setup_site()
    assert (Page.objects.count(), GroupPagePermission.objects.count()) == (pages, grants)
