"""PostgreSQL "restarts" while answers are being sent through daphne: every client is told clearly, and the
database ends up with every answer exactly once, each response whole.

The test makes a database of its own on the PostgreSQL at 127.0.0.1:5432 (also when the suite itself runs
on SQLite), puts a TCP proxy in front of it and cuts the proxy mid-load: every connection drops and new
ones are refused, as during a restart; then it restores it. The shared server is never touched.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid

import pytest

from testing import loadtools

POSTGRES = ("127.0.0.1", 5432)
CLIENTS, ANSWERS_EACH = 12, 6

SETUP = """
import datetime, json
from django.utils import timezone
from eraati.models import Question, Survey
now = timezone.now()
survey = Survey.objects.create(title="restart", slug="restart", opens_at=now - datetime.timedelta(days=1),
                               closes_at=now + datetime.timedelta(days=1))
for order, kind in enumerate(["agree", "rating", "text"]):
    Question.objects.create(survey=survey, sort_order=order, key=kind, kind=kind, text=kind)
print(json.dumps({q.kind: f"q_{q.pk}" for q in survey.questions.all()}))
"""


def _postgres_reachable() -> bool:
    try:
        with socket.create_connection(POSTGRES, timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def restart_database():
    """A fresh, migrated database with one open survey; yields (name, field names); dropped afterwards."""
    import psycopg

    name = f"kuulluksi_restart_{uuid.uuid4().hex[:12]}"
    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(loadtools.ROOT / "site"), str(loadtools.ROOT)]),
        "DJANGO_SETTINGS_MODULE": "kuulluksi.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(loadtools.ROOT / "manage.py")]
    try:
        subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, timeout=600)
        fields = subprocess.run(
            [*manage, "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True, timeout=120
        ).stdout
        yield name, json.loads(fields.strip().splitlines()[-1])
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.skipif(
    not _postgres_reachable(), reason="needs PostgreSQL on 127.0.0.1:5432 (a private database behind a proxy)"
)
def test_answers_sent_while_postgresql_restarts_are_stored_once_or_refused_clearly(restart_database):
    import psycopg

    name, fields = restart_database
    proxy = loadtools.TcpProxy(POSTGRES)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "eraati_bench_settings"}  # flood limits lifted
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{proxy.port}/{name}"
    env.pop("REDIS_URL", None)
    outcomes, unexpected = [], []
    lock = threading.Lock()

    loaded = threading.Barrier(CLIENTS + 1, timeout=300)

    def client(number, base):
        try:
            # Forms are loaded first, so that the outage meets answers being sent, not pages being read.
            forms = [
                loadtools.load_form(
                    base,
                    "restart",
                    {fields["agree"]: "4", fields["rating"]: "7", fields["text"]: f"restart-{number}-{i}"},
                    timeout=60,
                )
                for i in range(ANSWERS_EACH)
            ]
            loaded.wait()
            for form in forms:
                deadline = time.monotonic() + 120
                while True:  # the person presses "send" again until the answers are stored
                    outcome = form.send(timeout=60)
                    with lock:
                        outcomes.append(outcome)
                    if outcome == loadtools.STORED or time.monotonic() > deadline:
                        break
                    time.sleep(0.3)
        except Exception as error:  # anything but the thank-you page or an outage page
            with lock:
                unexpected.append(repr(error))

    try:
        with loadtools.running_daphne(env, settings_path=str(loadtools.ROOT / "bench")) as base:
            threads = [threading.Thread(target=client, args=(n, base)) for n in range(CLIENTS)]
            for thread in threads:
                thread.start()
            loaded.wait()
            deadline = time.monotonic() + 120
            while outcomes.count(loadtools.STORED) < CLIENTS and time.monotonic() < deadline:
                time.sleep(0.05)
            proxy.cut()  # PostgreSQL goes down with answers in flight
            while loadtools.NOT_SAVED not in outcomes and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(1)
            proxy.restore()  # and comes back
            for thread in threads:
                thread.join(timeout=300)
    finally:
        proxy.close()

    assert unexpected == [], unexpected[:5]
    assert set(outcomes) <= {loadtools.STORED, loadtools.NOT_SAVED, loadtools.UNAVAILABLE}
    assert outcomes.count(loadtools.NOT_SAVED) >= 1  # the outage did meet answers being sent
    assert outcomes.count(loadtools.STORED) == CLIENTS * ANSWERS_EACH
    with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{name}") as connection:
        markers = connection.execute(
            "SELECT a.text FROM eraati_answer a JOIN eraati_question q ON q.id = a.question_id "
            "WHERE q.kind = 'text' ORDER BY a.text"
        ).fetchall()
        answers_per_response = connection.execute(
            "SELECT count(a.id) FROM eraati_response r LEFT JOIN eraati_answer a ON a.response_id = r.id "
            "GROUP BY r.id"
        ).fetchall()
        wrong = connection.execute(
            "SELECT count(*) FROM eraati_answer a JOIN eraati_question q ON q.id = a.question_id "
            "WHERE (q.kind = 'agree' AND a.value <> 4) OR (q.kind = 'rating' AND a.value <> 7)"
        ).fetchone()[0]
    expected = sorted(f"restart-{n}-{i}" for n in range(CLIENTS) for i in range(ANSWERS_EACH))
    assert [marker for (marker,) in markers] == expected  # every answer stored, none twice
    assert {count for (count,) in answers_per_response} == {3}  # each response whole
    assert len(answers_per_response) == CLIENTS * ANSWERS_EACH
    assert wrong == 0
