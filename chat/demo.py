"""Demo content for the chat: the weekly two-hour chat with ``vapaaehtoinen`` on shift, a closed
group, the supervision room and crisis contacts. Idempotent."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import ChatSession, CrisisContact, Room, Shift

CRISIS_CONTACTS = [
    ("Hätänumero", "112", "Aina", "", "Kun henki tai terveys on vaarassa."),
    (
        "MIELI Kriisipuhelin",
        "09 2525 0111",
        "Joka päivä, ympäri vuorokauden",
        "https://mieli.fi/",
        "Keskusteluapua kriisissä oleville ja heidän läheisilleen.",
    ),
    (
        "Nollalinja",
        "080 005 005",
        "Ympäri vuorokauden",
        "https://www.nollalinja.fi/",
        "Apua lähisuhdeväkivaltaan.",
    ),
    (
        "Rikosuhripäivystys",
        "116 006",
        "Arkisin",
        "https://www.riku.fi/",
        "Tukea rikoksen uhrille ja läheisille.",
    ),
]


def _upcoming(weekday: int, start: time, *, weeks: int) -> list[datetime]:
    """The next ``weeks`` dates of ``weekday`` (0 = Monday) at ``start``, local time."""
    today = timezone.localdate()
    first = today + timedelta(days=(weekday - today.weekday()) % 7)
    return [timezone.make_aware(datetime.combine(first + timedelta(weeks=n), start)) for n in range(weeks)]


def _sessions(room, title, weekday, start, minutes, *, weeks, volunteer=None):
    for starts_at in _upcoming(weekday, start, weeks=weeks):
        session, _created = ChatSession.objects.get_or_create(
            room=room,
            starts_at=starts_at,
            defaults={"title": title, "ends_at": starts_at + timedelta(minutes=minutes)},
        )
        if volunteer is not None:
            Shift.objects.get_or_create(session=session, volunteer=volunteer)


def load(command):
    User = get_user_model()
    volunteer = User.objects.filter(username="vapaaehtoinen").first()
    citizen = User.objects.filter(username="kansalainen").first()
    open_room, _created = Room.objects.get_or_create(
        slug="kahden-tunnin-chat",
        defaults={
            "name": "Kahden tunnin chat",
            "kind": Room.OPEN,
            "description": "Avoin vertaischat tiistaisin klo 18–20. Voit tulla nimettömänä.",
        },
    )
    group, _created = Room.objects.get_or_create(
        slug="jaksamisen-ryhma",
        defaults={
            "name": "Jaksamisen ryhmä",
            "kind": Room.CLOSED_GROUP,
            "description": "Suljettu vertaisryhmä arjessa jaksamisesta, kuusi tapaamista.",
        },
    )
    if citizen is not None:
        group.members.add(citizen)
    supervision, _created = Room.objects.get_or_create(
        slug="tyonohjaus",
        defaults={
            "name": "Työnohjaus",
            "kind": Room.SUPERVISION,
            "description": "Vapaaehtoisten ja koordinaattoreiden kuukausittainen työnohjauschat.",
        },
    )
    _sessions(open_room, "Kahden tunnin chat", 1, time(18), 120, weeks=4, volunteer=volunteer)
    _sessions(group, "Jaksamisen ryhmä", 3, time(17), 90, weeks=2, volunteer=volunteer)
    _sessions(supervision, "Työnohjaus", 0, time(17), 90, weeks=1)
    for order, (name, phone, hours, url, description) in enumerate(CRISIS_CONTACTS):
        CrisisContact.objects.get_or_create(
            name=name,
            defaults={
                "phone": phone,
                "hours": hours,
                "url": url,
                "description": description,
                "sort_order": order,
            },
        )
    command.stdout.write("Chat: weekly two-hour chat, a closed group, the supervision room, crisis contacts.")
