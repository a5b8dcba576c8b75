"""The Wagtail admin for chat: coordinators manage rooms, sessions and crisis contacts; others cannot."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts import roles
from chat.models import ChatSession, CrisisContact, Room

ROOMS = "/admin/chat/rooms/"
SESSIONS = "/admin/chat/sessions/"
CONTACTS = "/admin/snippets/chat/crisiscontact/"
REPORTS = "/admin/chat/session-reports/"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(roles.COORDINATOR, True), (roles.PEER_MODERATOR, False), (roles.CITIZEN, False)],
)
def test_only_coordinators_manage_rooms_and_crisis_contacts(client, make_user, role, allowed):
    client.force_login(make_user(role=role))
    for url in (ROOMS, ROOMS + "new/", CONTACTS + "add/", REPORTS):
        response = client.get(url)
        assert (response.status_code == 200) is allowed, (url, response.status_code)


def test_coordinator_schedules_a_session(client, make_user):
    client.force_login(make_user(role=roles.COORDINATOR))
    room = Room.objects.create(name="Avoin", slug="avoin")
    tomorrow = timezone.localdate() + relativedelta(
        days=1
    )  # at 18: never in an hour the clocks skip or repeat
    response = client.post(
        SESSIONS + "new/",
        {
            "room": room.pk,
            "title_fi": "Tiistain chat",
            "starts_at": f"{tomorrow:%Y-%m-%d} 18:00",
            "ends_at": f"{tomorrow:%Y-%m-%d} 20:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ChatSession.objects.get().status == ChatSession.SCHEDULED


def test_peer_moderator_cannot_add_crisis_contacts(client, make_user):
    client.force_login(make_user(role=roles.PEER_MODERATOR))
    client.post(CONTACTS + "add/", {"name": "Väärä", "sort_order": 0})
    assert not CrisisContact.objects.exists()
