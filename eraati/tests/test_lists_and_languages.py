"""List pages run a fixed number of queries; the public pages speak Finnish, Swedish and English."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eraati import selectors
from eraati.conftest import opted_in
from eraati.models import Council, Meeting

pytestmark = pytest.mark.django_db


def test_contact_and_attendance_lists_take_one_query_each(django_assert_num_queries, make_user):
    meeting = Meeting.objects.create(
        council=Council.objects.create(name="Raati"), starts_at=timezone.now(), place="Talo", capacity=5
    )
    for i in range(6):
        contact = opted_in(email=f"c{i}@example.org", wants_councils=True)
        meeting.invitations.create(contact=contact, token_hash=f"{i:064d}", sent_on=timezone.localdate())
    with django_assert_num_queries(1):
        assert len([c.email for c in selectors.contacts(interest="councils")]) == 6
    with django_assert_num_queries(1):
        assert len([i.contact.email for i in selectors.attendance(meeting)]) == 6


def test_index_takes_the_same_queries_for_many_surveys(client, make_survey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_survey()
    make_survey(closed=True)
    for _visit in range(2):  # a site's first view may make its settings rows, and so new cache keys
        client.get(reverse("eraati:index"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("eraati:index"))
    for _ in range(5):
        make_survey()
        make_survey(closed=True)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("eraati:index"))
    assert len(few) == len(many)


def test_index_links_to_the_publications_without_reading_the_page_tree(client, make_survey):
    """The link to the reports and memos is the cached one the home page uses, not three queries a visit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.setup import PUBLICATIONS_SLUG, ensure_publications_section

    ensure_publications_section()
    make_survey(closed=True)
    for _visit in range(2):  # a site's first view may make its settings rows, and so new cache keys
        client.get(reverse("eraati:index"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("eraati:index")).content.decode()
    assert f'href="/{PUBLICATIONS_SLUG}/"' in html
    assert not [query for query in queries.captured_queries if "wagtailcore_page" in query["sql"]]


@pytest.mark.parametrize(
    ("prefix", "heading", "button"),
    [
        ("", "eRaati – verkon asiakasraati", "Jätä yhteystietoni"),
        ("/sv", "eRaati – klientrådet på nätet", "Lämna mina kontaktuppgifter"),
        ("/en", "eRaati – the client council online", "Leave my contact details"),
    ],
)
def test_public_pages_in_three_languages(client, prefix, heading, button):
    html = client.get(f"{prefix}/eraati/").content.decode()
    assert heading in html
    assert button in html
