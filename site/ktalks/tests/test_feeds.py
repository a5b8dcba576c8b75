"""The Atom feed of new notes and the iCalendar file of upcoming K-talks."""

import datetime
import re

import pytest
from defusedxml import ElementTree as ET
from django.utils import timezone

from kuulluksi import dates, ical

from . import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
NOTES = [{"type": "paragraph", "value": "<p>Kuulimme kokemuksia.</p>"}]


def test_feed_announces_past_ktalks_with_notes(client, ktalk_index):
    with_notes = factories.ktalk(title="Muistio julkaistu", notes=NOTES)
    factories.ktalk(title="Ei muistiota vielä")
    factories.ktalk(title="Tuleva", notes=NOTES, starts_at=timezone.now() + datetime.timedelta(days=5))
    factories.ktalk(title="Luonnos", notes=NOTES, live=False)

    response = client.get(ktalk_index.url + ktalk_index.reverse_subpage("feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "Kuulluksi: K-talkien muistiot"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Muistio julkaistu"]
    assert entries[0].find(f"{ATOM}link").get("href").endswith(with_notes.url)


def test_index_page_links_the_feed(client, ktalk_index):
    html = client.get(ktalk_index.url).content.decode()
    assert 'type="application/atom+xml"' in html


def _unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_upcoming_ktalk_offers_a_valid_icalendar_file(client):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    ktalk = factories.ktalk(
        title="Lääkekulut; asumis- ja toimeentulo, sekä muuta",
        starts_at=starts,
        summary="Rivi yksi\nRivi kaksi, jossa on pilkku ja \\ kenoviiva. " + "Pitkä teksti äöå " * 10,
        place="Pikkuparlamentti, Helsinki",
    )
    page_html = client.get(ktalk.url).content.decode()
    assert "Lisää kalenteriin" in page_html

    response = client.get(ktalk.url + ktalk.reverse_subpage("calendar"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert ".ics" in response["Content-Disposition"]
    raw = response.content
    body = raw.decode("utf-8")
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")  # only CRLF line ends
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = _unfold(body)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    props = dict(line.split(":", 1) for line in lines)
    assert props["VERSION"] == "2.0"
    assert props["PRODID"]
    assert re.fullmatch(r"ktalk-\d+@testserver", props["UID"])
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])
    assert props["DTSTART"] == starts.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert props["DTEND"] == (starts + datetime.timedelta(hours=2)).astimezone(datetime.UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    assert props["SUMMARY"] == "Lääkekulut\\; asumis- ja toimeentulo\\, sekä muuta"
    assert props["DESCRIPTION"].startswith("Rivi yksi\\nRivi kaksi\\, jossa on pilkku ja \\\\ kenoviiva.")
    assert props["LOCATION"] == "Pikkuparlamentti\\, Helsinki"


def test_past_ktalk_has_no_calendar_file(client):
    ktalk = factories.ktalk()
    assert client.get(ktalk.url + ktalk.reverse_subpage("calendar")).status_code == 404
    assert "Lisää kalenteriin" not in client.get(ktalk.url).content.decode()


def test_folding_never_splits_a_multibyte_character():
    line = "DESCRIPTION:" + "ä" * 100
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert ical.fold("SHORT:x") == "SHORT:x"


def test_text_escaping():
    assert ical.escape_text("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_restricted_ktalk_is_in_no_feed_and_serves_no_calendar_file(client, ktalk_index):
    from wagtail.models import PageViewRestriction

    factories.ktalk(title="Avoin muistio", notes=NOTES)
    closed = factories.ktalk(title="Suljettu muistio", notes=NOTES)
    upcoming = factories.ktalk(title="Suljettu tuleva", starts_at=dates.local_shift(timezone.now(), days=10))
    for page in (closed, upcoming):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    feed = client.get(ktalk_index.url + ktalk_index.reverse_subpage("feed")).content.decode()
    assert "Avoin muistio" in feed and "Suljettu" not in feed
    index = client.get(ktalk_index.url).content.decode()
    assert "Suljettu" not in index
    calendar = client.get(upcoming.url + upcoming.reverse_subpage("calendar"))
    assert calendar.status_code == 302 and "BEGIN:VCALENDAR" not in calendar.content.decode()
