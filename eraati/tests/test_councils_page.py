"""The public page of the client councils: meetings to come with a calendar file each, and past memos in
the reader's language."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.languages import publish_translation
from cms.setup import setup_site
from eraati.models import Council, CouncilMemoPage, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    home = setup_site()
    council = Council.objects.create(name="Aikuissosiaalityön asiakasraati", description="Kerran kuussa.")
    past = Meeting.objects.create(
        council=council, starts_at=timezone.now() - datetime.timedelta(days=10), place="Kaupungintalo"
    )
    memo = home.add_child(
        instance=CouncilMemoPage(title="Raadin muistio", slug="raadin-muistio", meeting=past)
    )
    memo.save_revision().publish()
    publish_translation(memo, "sv", title="Rådets minnesanteckningar")
    Meeting.objects.create(
        council=council,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        place="Pääkirjasto, ryhmätila",
        agenda="1. Tervetuloa\n2. Kyselyn tulokset",
    )
    return council


def test_the_page_lists_coming_meetings_and_past_memos_in_the_readers_language(client, council):
    finnish = client.get(reverse("eraati:councils")).content.decode()
    assert "Pääkirjasto, ryhmätila" in finnish and "Kyselyn tulokset" in finnish
    assert "Kaupungintalo" not in finnish  # a past meeting is told by its memo
    assert 'href="/raadin-muistio/"' in finnish
    with_swedish = client.get("/sv/eraati/asiakasraadit/").content.decode()
    assert 'href="/sv/raadin-muistio/">Rådets minnesanteckningar</a>' in with_swedish
    assert '<span lang="fi">Pääkirjasto, ryhmätila</span>' in with_swedish
    assert reverse("eraati:councils") in client.get(reverse("eraati:index")).content.decode()


def test_a_coming_meeting_has_a_calendar_file_and_a_past_one_none(client, council):
    coming = council.meetings.get(place="Pääkirjasto, ryhmätila")
    response = client.get(reverse("eraati:meeting_calendar", args=[coming.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Aikuissosiaalityön asiakasraati" in body
    assert "LOCATION:Pääkirjasto\\, ryhmätila" in body
    past = council.meetings.get(place="Kaupungintalo")
    assert client.get(reverse("eraati:meeting_calendar", args=[past.pk])).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(client, council, django_assert_num_queries):
    client.get(reverse("eraati:councils"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("eraati:councils"))
    for day in range(6, 16):
        Meeting.objects.create(
            council=council, starts_at=timezone.now() + datetime.timedelta(days=day), place="Sali"
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("eraati:councils"))
