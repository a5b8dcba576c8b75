import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from chat.models import ChatSession, CrisisContact, Room, Shift


def test_demo_content_loads_twice_without_changes(db):
    call_command("load_demo", stdout=StringIO())
    counts = [model.objects.count() for model in (Room, ChatSession, Shift, CrisisContact)]
    call_command("load_demo", stdout=StringIO())
    assert [model.objects.count() for model in (Room, ChatSession, Shift, CrisisContact)] == counts
    assert set(Room.objects.values_list("kind", flat=True)) == {
        Room.OPEN,
        Room.CLOSED_GROUP,
        Room.SUPERVISION,
    }
    two_hour = ChatSession.objects.filter(room__slug="kahden-tunnin-chat")
    weekly = [
        session
        for session in two_hour
        if timezone.localtime(session.starts_at).time() == datetime.time(18)
        and timezone.localtime(session.starts_at).weekday() == 1
    ]
    assert 3 <= len(weekly) <= 4  # four weeks ahead; this week's until it has ended
    assert all(session.shifts.filter(volunteer__username="vapaaehtoinen").exists() for session in two_hour)
    assert CrisisContact.objects.filter(phone="09 2525 0111").exists()
    now = timezone.now()
    live = two_hour.get(status=ChatSession.OPEN, starts_at__lte=now, ends_at__gt=now)
    assert live.host.username == "vapaaehtoinen"
