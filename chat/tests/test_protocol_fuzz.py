"""Every integer of the protocol is checked: a fuzz test over the documented frames (hypothesis).

``{"type": "resume", "after": 1e400}`` used to crash the consumer (``int(inf)``: OverflowError, close
1011) and leave the participant counted as present. Each frame below carries one integer field with a
value that is not a valid integer for it (floats, infinities, numbers beyond 64 bits, negatives, text,
booleans, lists, objects). The socket must answer ``invalid`` for that request, stay open, and once it
closes nobody may be left counted as present. The rest of each frame is valid.
"""

import json
import math

import pytest
from asgiref.sync import async_to_sync
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat.conftest import connect, login_cookie, receive_type
from chat.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)

# type → {field: smallest valid value} for every integer field of docs/chat-protocol.md.
INTEGER_FIELDS = {
    "resume": {"after": 0},
    "report": {"id": 1, "rule": 1},
    "approve": {"id": 1},
    "reject": {"id": 1, "rule": 1},
    "remove": {"id": 1, "rule": 1},
    "mute": {"participant": 1},
    "kick": {"participant": 1},
    "slow": {"seconds": 0},
    "extend": {"minutes": 1},
}
FIELDS = [(kind, field) for kind, fields in INTEGER_FIELDS.items() for field in fields]

not_an_integer = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=2**63),
    st.integers(max_value=-(2**63) - 1),
    st.booleans(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _frame_text(kind: str, field: str, value) -> str:
    frame = {"type": kind, **INTEGER_FIELDS[kind], "note": "x"}
    if isinstance(value, float) and math.isinf(value):
        frame[field] = "__INF__"
        # The JSON a client can really send for an infinity: a number too large for a double.
        return json.dumps(frame).replace('"__INF__"', "1e400" if value > 0 else "-1e400")
    frame[field] = value
    return json.dumps(frame)


@pytest.fixture
def volunteer_cookie(open_chat, volunteer, rule, settings):
    settings.CHAT_RATE_COUNT = 100_000  # the fuzzing is one person sending very fast
    settings.CHAT_PRESENCE_INTERVAL = 0
    return open_chat(), login_cookie(volunteer)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frames=st.lists(st.tuples(st.sampled_from(FIELDS), not_an_integer), min_size=1, max_size=4))
def test_every_bad_integer_is_answered_invalid_and_presence_stays_right(volunteer_cookie, frames):
    session, cookie = volunteer_cookie

    async def scenario():
        socket, _welcome, _history = await connect(session, cookie)
        for (kind, field), value in frames:
            await socket.send_to(text_data=_frame_text(kind, field, value))
            error = await receive_type(socket, "error")
            assert (error["code"], error["request"]) == ("invalid", kind), (kind, field, value, error)
        await socket.send_json_to({"type": "ping"})
        await receive_type(socket, "pong")
        await socket.disconnect()

    async_to_sync(scenario)()
    assert list(Participant.objects.filter(session=session).values_list("connections", flat=True)) == [0]


@pytest.mark.parametrize("literal", ["1e400", "-1e400", "1.5", "1e3", "9223372036854775808", "true", '"5"'])
def test_resume_after_must_be_a_plain_integer(volunteer_cookie, literal):
    """The report's own example, and its neighbours: the socket answers, it does not crash."""
    session, cookie = volunteer_cookie

    async def scenario():
        socket, _welcome, _history = await connect(session, cookie)
        await socket.send_to(text_data='{"type": "resume", "after": ' + literal + "}")
        error = await receive_type(socket, "error")
        assert error["code"] == "invalid"
        await socket.send_json_to({"type": "resume", "after": 0})
        await receive_type(socket, "history")
        await socket.disconnect()

    async_to_sync(scenario)()
    assert Participant.objects.get(session=session).connections == 0


def test_a_valid_resume_still_works(volunteer_cookie):
    session, cookie = volunteer_cookie

    async def scenario():
        socket, _welcome, _history = await connect(session, cookie, after=5)
        await socket.send_json_to({"type": "resume"})
        assert (await receive_type(socket, "history"))["after"] == 0
        await socket.disconnect()

    async_to_sync(scenario)()
