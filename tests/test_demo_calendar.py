"""Whatever day and hour `make run` starts, the demo has something live to try and every page serves.

The clock is frozen at each edge of the calendar (`tests/clock_edges.py`); CI also runs the demo and the
fast suite with the whole machine's clock there (`scripts/calendar-sweep`).
"""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from chat.models import ChatSession
from eraati import selectors
from eraati.models import Response, Survey
from tests.clock_edges import EDGES, instant


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("wall_clock", "fold"), [(wall, fold) for _label, wall, fold in EDGES], ids=[e[0] for e in EDGES]
)
def test_demo_has_something_live_at_every_edge_of_the_calendar(client, wall_clock, fold):
    with time_machine.travel(instant(wall_clock, fold), tick=False):
        call_command("load_demo", stdout=StringIO())
        counts = (ChatSession.objects.count(), Survey.objects.count(), Response.objects.count())
        call_command("load_demo", stdout=StringIO())
        assert (ChatSession.objects.count(), Survey.objects.count(), Response.objects.count()) == counts

        now = timezone.now()
        live = ChatSession.objects.get(
            room__slug="kahden-tunnin-chat", status=ChatSession.OPEN, starts_at__lte=now, ends_at__gt=now
        )
        assert live.host.username == "vapaaehtoinen"
        assert live.shifts.filter(volunteer__username="vapaaehtoinen").exists()

        assert [survey.is_open() for survey in selectors.open_surveys()] == [True]
        with_results = list(selectors.surveys_with_public_results())
        assert with_results and all(survey.responses.exists() for survey in with_results)

        for path in (
            "/",
            "/favicon.ico",
            "/chat/",
            "/eraati/",
            f"/eraati/kysely/{with_results[0].slug}/tulokset/",
        ):
            assert client.get(path).status_code == 200, path
