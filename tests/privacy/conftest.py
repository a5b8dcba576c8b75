"""The attack suite's respondents: people answering a survey through the real forms over HTTP, each
from its own loopback address, some of them opting in right after answering."""

import json
import os
import random
import uuid
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse

from eraati import conftest as eraati_fixtures
from eraati.conftest import EVERY_KIND
from eraati.models import Response

# eRaati's own fixtures, for the tests here.
make_survey = eraati_fixtures.make_survey
answer = eraati_fixtures.answer

RESPONDENTS = 40
OPTING_IN = 15


@dataclass
class Respondent:
    address: str
    values: dict
    opts_in: bool
    email: str = ""
    client: Client = field(repr=False, default=None)
    response_id: object = None  # ground truth for scoring the attacks, read by the test only


def answer_over_http(client: Client, survey, values: dict, *, token: str = "") -> None:
    """Send one filled-in form the way a browser does: every step's page, then the last step's submit."""
    names = {question.key: f"q_{question.pk}" for question in survey.questions.all()}
    url = reverse("eraati:answer", args=[survey.slug])
    page = client.get(url, {"kutsu": token} if token else {})
    assert page.status_code == 200, page.status_code
    data = {"step": "2", "action": "submit", **{names[key]: value for key, value in values.items()}}
    if token:
        data["kutsu"] = token
    answered = client.post(url, data)
    assert answered.status_code == 302, answered.content.decode()[:500]
    assert client.get(answered.url).status_code == 200


def opt_in_over_http(client: Client, email: str) -> None:
    opted = client.post(
        reverse("eraati:opt_in"),
        {"email": email, "wants_surveys": "on", "wants_councils": "on", "consent": "on"},
    )
    assert opted.status_code == 200, opted.content.decode()[:500]


def respondent_values(rng: random.Random) -> dict:
    return {
        "services-easy": str(rng.randint(1, 5)),
        "contact-way": str(rng.randint(1, 3)),
        "free-word": rng.choice(["", "Hyvä palvelu", "Jonot ovat pitkiä", "Kiitos"]),
    }


@pytest.fixture
def respondents(db, make_survey):
    """Return run(survey=None, seed=0) -> (survey, [Respondent]): RESPONDENTS people answer through the
    forms from 127.0.0.<n>; OPTING_IN of them, chosen at random, opt in right after answering."""

    def run(*, survey=None, seed=0):
        rng = random.Random(seed)
        survey = survey or make_survey(questions=EVERY_KIND)
        opting = set(rng.sample(range(RESPONDENTS), OPTING_IN))
        people = []
        for number in range(RESPONDENTS):
            address = f"127.0.0.{number + 2}"
            person = Respondent(
                address=address,
                values=respondent_values(rng),
                opts_in=number in opting,
                email=f"vastaaja{number}@example.org",
                client=Client(REMOTE_ADDR=address),
            )
            before = set(Response.objects.values_list("pk", flat=True))
            answer_over_http(person.client, survey, person.values)
            (person.response_id,) = set(Response.objects.values_list("pk", flat=True)) - before
            if person.opts_in:
                opt_in_over_http(person.client, person.email)
            people.append(person)
        return survey, people

    return run


@pytest.fixture
def redis_cache(settings, tmp_path, request):
    """The default cache on a Redis server of this test's own (nothing on disk), so that no other test
    or worker empties it midway; yields the redis-py client and the key prefix."""
    import redis

    if request.config.getoption("--clock-at"):
        # The limiter's counters expire at an absolute instant (EXPIREAT), read off the moved clock, while
        # redis-server keeps the real one: a window in the past of the real clock expires at once.
        pytest.skip("Redis runs on the real clock; these run in CI's passes with the real clock")

    from chat.tests.servers import PrivateRedis

    server = PrivateRedis(tmp_path)
    server.start()
    prefix = f"privacy-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "kuulluksi.cache.OutageTolerantRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": prefix,
        }
    }
    try:
        yield redis.Redis.from_url(server.url), prefix
    finally:
        server.stop()


def links(guesses: dict, people) -> int:
    """How many of an attacker's guesses {contact e-mail: response id} are right."""
    truth = {person.email: person.response_id for person in people if person.opts_in}
    return sum(truth.get(email) == response_id for email, response_id in guesses.items())


# A guess that pairs the opted-in people with responses at random is right about once (the number of
# fixed points of a random pairing is close to Poisson(1)); six or more happens with a probability
# below 0.1 %. Before the fixes, row order and xmin were right 15 times out of 15.
LINK_MARGIN = 5


def postgres_extension(name: str) -> None:
    """Create the PostgreSQL extension ``name`` the attacker reads with, or skip the test where it is not
    installed or this role may not create or use it (a database administrator could; the suite may not)."""
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip(f"{name} is PostgreSQL's")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    except DatabaseError as error:
        pytest.skip(f"{name} is not available here: {error}")


# bench/privacy_attack.py names a file here; the attack tests then add one line per channel to it.
REPORT_ENV = "KUULLUKSI_PRIVACY_REPORT"


@pytest.fixture
def report_channel(request):
    """Return record(channel, linked=, out_of=, chance=): what an attack on one channel of docs/privacy.md's
    table achieved (how many people, answers or secrets it linked or recovered, of how many, and what
    guessing alone gets on average). Written only when bench/privacy_attack.py asks for it; the test's
    own assertion is what decides."""
    from django.db import connection

    def record(channel: str, *, linked: int, out_of: int, chance: float) -> None:
        path = os.environ.get(REPORT_ENV)
        if not path:
            return
        line = {
            "channel": channel,
            "linked": linked,
            "out_of": out_of,
            "chance": round(chance, 2),
            "database": connection.vendor,
            "test": request.node.nodeid,
        }
        with open(path, "a", encoding="utf-8") as report:
            report.write(json.dumps(line) + "\n")

    return record
