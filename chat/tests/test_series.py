"""Recurring sessions: a series generates its sessions ahead, at the same local time across the
daylight-saving change, once each, without its skipped days, with its volunteers on shift."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts import roles
from chat import services
from chat.models import ChatSession, Room, SessionSeries, SessionSeriesException
from tests.clock_edges import HELSINKI

SERIES = "/admin/chat/series/"


def local(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=HELSINKI)


@pytest.fixture
def series(db):
    room = Room.objects.create(name="Avoin", slug="avoin")
    return SessionSeries.objects.create(
        room=room,
        title="Tiistain chat",
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=datetime.date(2027, 3, 1),
        starts_at=datetime.time(18),
        duration_minutes=120,
    )


@pytest.fixture
def in_march():
    with time_machine.travel(local("2027-03-01 09:00"), tick=False):
        yield


def generate(series):
    return services.generate_series_sessions(series, until=local("2027-04-30 00:00"))


def test_every_tuesday_stays_at_18_local_across_the_change_to_summer_time(series, in_march):
    sessions = generate(series)
    starts = [timezone.localtime(session.starts_at) for session in sessions]
    assert [start.date().day for start in starts[:6]] == [2, 9, 16, 23, 30, 6]
    assert len(starts) == 9  # 2 March to 27 April
    assert {(start.weekday(), start.time()) for start in starts} == {(1, datetime.time(18))}
    assert starts[0].utcoffset() == datetime.timedelta(hours=2)  # winter time until 28 March
    assert starts[-1].utcoffset() == datetime.timedelta(hours=3)
    assert all(session.ends_at - session.starts_at == datetime.timedelta(hours=2) for session in sessions)
    assert {session.room for session in sessions} == {series.room}


def test_generating_again_adds_nothing(series, in_march):
    generate(series)
    assert generate(series) == []
    assert series.sessions.count() == 9


def test_a_skipped_day_removes_that_weeks_session(series, in_march):
    generate(series)
    SessionSeriesException.objects.create(series=series, day=datetime.date(2027, 3, 30), note="Pääsiäinen")
    assert generate(series) == []
    days = [timezone.localdate(session.starts_at) for session in series.sessions.all()]
    assert datetime.date(2027, 3, 30) not in days
    assert len(days) == 8


def test_a_changed_rule_replaces_the_coming_scheduled_sessions(series, in_march):
    generate(series)
    series.rule = "FREQ=WEEKLY;BYDAY=WE"
    series.save()
    generate(series)
    assert {timezone.localtime(session.starts_at).weekday() for session in series.sessions.all()} == {2}


def test_an_opened_session_stays_when_the_series_no_longer_wants_it(series, make_user):
    volunteer = make_user(role=roles.PEER_MODERATOR)
    series.volunteers.add(volunteer)
    with time_machine.travel(local("2027-03-02 17:50"), tick=False):
        session = generate(series)[0]
        services.open_session(session, by=volunteer)
        series.active = False
        series.save()
        assert generate(series) == []
        assert list(series.sessions.all()) == [session]


def test_only_sessions_that_have_not_ended_are_generated(series):
    with time_machine.travel(local("2027-03-09 19:00"), tick=False):
        first = timezone.localtime(generate(series)[0].starts_at)
    assert first == local("2027-03-09 18:00")  # on now, so still made


def test_the_volunteers_of_the_series_are_on_shift(series, in_march, make_user):
    volunteer = make_user(role=roles.PEER_MODERATOR)
    series.volunteers.add(volunteer, make_user(role=roles.CITIZEN))
    sessions = generate(series)
    assert all(
        list(session.shifts.values_list("volunteer", flat=True)) == [volunteer.pk] for session in sessions
    )


def test_the_daily_command_generates_every_active_series_ahead(series, in_march):
    SessionSeries.objects.create(
        room=series.room,
        title="Pois käytöstä",
        first_day=datetime.date(2027, 3, 1),
        starts_at=datetime.time(12),
        active=False,
    )
    out = StringIO()
    call_command("generate_chat_sessions", stdout=out)
    assert "Generated 4 session(s)." in out.getvalue()  # 28 days ahead: 2, 9, 16 and 23 March
    assert set(ChatSession.objects.values_list("series", flat=True)) == {series.pk}


@pytest.mark.parametrize(("role", "allowed"), [(roles.COORDINATOR, True), (roles.PEER_MODERATOR, False)])
def test_only_coordinators_add_series(client, make_user, role, allowed):
    client.force_login(make_user(role=role))
    response = client.get(SERIES + "new/")
    assert (response.status_code == 200) is allowed, response.status_code


def test_saving_a_series_in_the_admin_generates_its_sessions(client, make_user, db):
    client.force_login(make_user(role=roles.COORDINATOR))
    room = Room.objects.create(name="Avoin", slug="avoin")
    volunteer = make_user(role=roles.PEER_MODERATOR)
    response = client.post(
        SERIES + "new/",
        {
            "room": room.pk,
            "title_fi": "Tiistain chat",
            "title_sv": "Tisdagschatten",
            "rule": "FREQ=WEEKLY;BYDAY=TU",
            "first_day": f"{timezone.localdate():%Y-%m-%d}",
            "starts_at": "18:00",
            "duration_minutes": 120,
            "volunteers": [volunteer.pk],
            "days_ahead": 28,
            "active": "on",
            "exceptions-TOTAL_FORMS": 0,
            "exceptions-INITIAL_FORMS": 0,
            "exceptions-MIN_NUM_FORMS": 0,
            "exceptions-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    sessions = SessionSeries.objects.get().sessions.all()
    assert 3 <= len(sessions) <= 4
    assert all(session.shifts.filter(volunteer=volunteer).exists() for session in sessions)
    # Each session keeps the series' title in every language it was written in.
    assert {(session.title_fi, session.title_sv, session.title_en) for session in sessions} == {
        ("Tiistain chat", "Tisdagschatten", None)
    }


def test_an_invalid_rule_is_refused(client, make_user, db):
    client.force_login(make_user(role=roles.COORDINATOR))
    room = Room.objects.create(name="Avoin", slug="avoin")
    response = client.post(
        SERIES + "new/",
        {
            "room": room.pk,
            "title_fi": "Tiistain chat",
            "rule": "FREQ=WEEKLY;BYDAY=XX",
            "first_day": "2027-03-01",
            "starts_at": "18:00",
            "duration_minutes": 120,
            "days_ahead": 28,
            "exceptions-TOTAL_FORMS": 0,
            "exceptions-INITIAL_FORMS": 0,
            "exceptions-MIN_NUM_FORMS": 0,
            "exceptions-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200
    assert not SessionSeries.objects.exists()
