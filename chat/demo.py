"""Demo content for the chat: the weekly two-hour chat with ``vapaaehtoinen`` on shift, a closed
group, the supervision room and crisis contacts. Idempotent."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kuulluksi import dates, languages

from . import services
from .models import ChatSession, CrisisContact, Room, SessionSeries, Shift

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


# Finnish name -> {language: (name, opening hours, description)}
CRISIS_TRANSLATIONS = {
    "Hätänumero": {
        "sv": ("Nödnumret", "Alltid", "När liv eller hälsa är i fara."),
        "en": ("Emergency number", "Always", "When life or health is in danger."),
    },
    "MIELI Kriisipuhelin": {
        "sv": ("MIELI Kristelefon", "Varje dag, dygnet runt", "Samtalshjälp för personer i kris och deras närstående."),
        "en": ("MIELI Crisis Helpline", "Every day, around the clock", "Someone to talk to for people in crisis and those close to them."),
    },
    "Nollalinja": {
        "sv": ("Nollalinjen", "Dygnet runt", "Hjälp vid våld i nära relationer."),
        "en": ("Nollalinja", "Around the clock", "Help with violence in close relationships."),
    },
    "Rikosuhripäivystys": {
        "sv": ("Brottsofferjouren", "Vardagar", "Stöd för brottsoffer och deras närstående."),
        "en": ("Victim Support Finland", "Weekdays", "Support for victims of crime and those close to them."),
    },
}  # fmt: skip


def _room(slug, kind) -> Room:
    """The demo room ``slug`` with its name and description in every language."""
    texts = ROOMS[slug]
    return Room.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": kind,
            **{f"name_{code}": name for code, (name, _description) in texts.items()},
            **{f"description_{code}": description for code, (_name, description) in texts.items()},
        },
    )[0]


# The demo rooms: {slug: {language: (name, description)}}.
ROOMS = {
    "kahden-tunnin-chat": {
        "fi": ("Kahden tunnin chat", "Avoin vertaischat tiistaisin klo 18–20. Voit tulla nimettömänä."),
        "sv": ("Tvåtimmarschatten", "Öppen kamratchatt på tisdagar kl. 18–20. Du kan komma anonymt."),
        "en": ("The two-hour chat", "Open peer chat on Tuesdays 18–20. You can come anonymously."),
    },
    "jaksamisen-ryhma": {
        "fi": ("Jaksamisen ryhmä", "Suljettu vertaisryhmä arjessa jaksamisesta, kuusi tapaamista."),
        "sv": ("Gruppen om att orka", "Sluten kamratgrupp om att orka i vardagen, sex träffar."),
        "en": ("Coping group", "A closed peer group on coping with everyday life, six meetings."),
    },
    "tyonohjaus": {
        "fi": ("Työnohjaus", "Vapaaehtoisten ja koordinaattoreiden kuukausittainen työnohjauschat."),
        "sv": ("Handledning", "Månatlig handledningschatt för frivilliga och koordinatorer."),
        "en": ("Supervision", "Monthly supervision chat for volunteers and coordinators."),
    },
}


def _series(room, byday, start, minutes, *, weeks, volunteer=None):
    """The room's weekly series, named as the room, from today on, ``weeks`` weeks ahead, and its
    sessions."""
    series, created = SessionSeries.objects.get_or_create(
        room=room,
        title_fi=room.name_fi,
        defaults={
            **languages.in_every_language(room, "name", into="title"),
            "rule": f"FREQ=WEEKLY;BYDAY={byday}",
            "first_day": timezone.localdate(),
            "starts_at": start,
            "duration_minutes": minutes,
            "days_ahead": 7 * weeks,
        },
    )
    if created and volunteer is not None:
        series.volunteers.add(volunteer)
    services.generate_series_sessions(series)


def _live_session(room, volunteer) -> None:
    """Make sure a session of ``room`` is open right now with ``volunteer`` on shift, whatever the day
    and hour ``load_demo`` runs: the weekly session when it is on, otherwise a two-hour one from the
    start of this hour. It is opened through the service, as the volunteer would."""
    now = timezone.now()
    session = (
        room.sessions.exclude(status=ChatSession.CLOSED)
        .filter(starts_at__lte=now + services.OPENING_MARGIN, ends_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    if session is None:
        starts_at = dates.hour_start(now)
        ends_at = starts_at + timedelta(hours=2)
        following = room.sessions.filter(starts_at__gt=now).order_by("starts_at").first()
        if following is not None:
            ends_at = min(ends_at, following.starts_at)  # never two sittings of one room at once
        session = ChatSession.objects.create(
            room=room,
            **languages.in_every_language(room, "name", into="title"),
            starts_at=starts_at,
            ends_at=ends_at,
        )
    Shift.objects.get_or_create(session=session, volunteer=volunteer)
    if session.status == ChatSession.SCHEDULED:
        services.open_session(session, by=volunteer)


def load(command):
    User = get_user_model()
    volunteer = User.objects.filter(username="vapaaehtoinen").first()
    citizen = User.objects.filter(username="kansalainen").first()
    open_room = _room("kahden-tunnin-chat", Room.OPEN)
    group = _room("jaksamisen-ryhma", Room.CLOSED_GROUP)
    if citizen is not None:
        group.members.add(citizen)
    supervision = _room("tyonohjaus", Room.SUPERVISION)
    _series(open_room, "TU", time(18), 120, weeks=4, volunteer=volunteer)
    _series(group, "TH", time(17), 90, weeks=2, volunteer=volunteer)
    _series(supervision, "MO", time(17), 90, weeks=1)
    if volunteer is not None:
        _live_session(open_room, volunteer)
    for order, (name, phone, hours, url, description) in enumerate(CRISIS_CONTACTS):
        translated = CRISIS_TRANSLATIONS[name]
        CrisisContact.objects.get_or_create(
            name_fi=name,
            defaults={
                "phone": phone,
                "hours_fi": hours,
                "url": url,
                "description_fi": description,
                "sort_order": order,
                **{f"name_{code}": texts[0] for code, texts in translated.items()},
                **{f"hours_{code}": texts[1] for code, texts in translated.items()},
                **{f"description_{code}": texts[2] for code, texts in translated.items()},
            },
        )
    command.stdout.write(
        "Chat: weekly two-hour chat (one open now, vapaaehtoinen on shift), a closed group, the supervision "
        "room, crisis contacts."
    )
