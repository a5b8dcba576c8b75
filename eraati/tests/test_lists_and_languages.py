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
    client.get(reverse("eraati:index"))  # warm the site caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("eraati:index"))
    for _ in range(5):
        make_survey()
        make_survey(closed=True)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("eraati:index"))
    assert len(few) == len(many)


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
