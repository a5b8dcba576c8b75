"""On PostgreSQL a worker keeps its database connections in a pool: requests, each in a thread of its own
as under daphne, borrow a connection and give it back instead of opening a new one."""

import asyncio
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.testing import ApplicationCommunicator
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.db import connection
from django.db.backends.signals import connection_created

from testing.processes import ROOT, project_env

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# The deployment's worker count that docs/deploy.md sizes PostgreSQL for (one worker per core, four
# fit the default max_connections of 100) and what it keeps free: the task worker and admin shells.
DOCUMENTED_WORKERS, MARGIN = 4, 10


def _settings(env: dict) -> dict:
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kuulluksi.settings';"
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(json.dumps([d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool'), s.HTTP_CONCURRENCY]))"
    )
    prefixes = ("DATABASE_", "HTTP_", "CONN_", "KUULLUKSI_")
    clean = {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=project_env({**clean, **env}),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_postgres_gets_a_pool_sized_from_http_concurrency():
    conn_max_age, pool, concurrency = _settings({"DATABASE_URL": "postgres://u@db.example.org:5432/k"})
    assert conn_max_age == 0
    assert pool["max_size"] == concurrency == 20
    assert 1 <= pool["min_size"] <= pool["max_size"]
    assert 0 < pool["timeout"] <= 30
    assert DOCUMENTED_WORKERS * pool["max_size"] + MARGIN < 100


def test_pool_follows_http_concurrency_and_can_be_set_or_turned_off():
    env = {"DATABASE_URL": "postgres://u@db.example.org:5432/k", "HTTP_CONCURRENCY": "8"}
    assert _settings(env)[1]["max_size"] == 8
    assert _settings({**env, "DATABASE_POOL_MAX_SIZE": "12"})[1]["max_size"] == 12
    assert _settings({**env, "DATABASE_POOL_MAX_SIZE": "0"})[1] is None
    assert _settings({"DATABASE_URL": "sqlite:////tmp/k.sqlite3"})[1] is None


@pytest.mark.skipif(not ON_POSTGRES, reason="the pool is PostgreSQL's (Django's psycopg pool)")
def test_pool_fits_the_servers_max_connections(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        (max_connections,) = cursor.fetchone()
    pool = settings.DATABASES["default"]["OPTIONS"]["pool"]
    assert DOCUMENTED_WORKERS * pool["max_size"] + MARGIN < int(max_connections)


async def _asgi_get(application, path: str) -> int:
    """One GET through Django's ASGI handler, as daphne sends it: the view runs in a thread of the
    request's own and the request's end closes its connection."""
    communicator = ApplicationCommunicator(
        application,
        {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": [(b"host", b"127.0.0.1")],
         "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 50000), "scheme": "http", "asgi": {"version": "3.0"},
         "http_version": "1.1", "root_path": ""},
    )  # fmt: skip
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(timeout=30)
    while (await communicator.receive_output(timeout=30)).get("more_body"):
        pass
    await communicator.wait(timeout=30)
    return start["status"]


@pytest.mark.skipif(not ON_POSTGRES, reason="the pool is PostgreSQL's (Django's psycopg pool)")
@pytest.mark.django_db(transaction=True)
def test_requests_reuse_the_pools_connections():
    """More requests one after the other than the pool holds connections: some share a backend, and every
    backend they used is still connected afterwards (a new connection per request, as before the pool,
    would be a new backend each time, closed at the request's end)."""
    pids = []

    def record(sender, connection, **kwargs):
        pids.append(connection.connection.info.backend_pid)

    pool = settings.DATABASES["default"]["OPTIONS"]["pool"]
    count = pool["max_size"] + 1

    async def requests():
        application = get_asgi_application()
        # Wagtail's page lookup behind "/" queries the database.
        return [await _asgi_get(application, "/") for _ in range(count)]

    connection_created.connect(record)
    try:
        with ThreadPoolExecutor(max_workers=1) as executor:  # an event loop of its own, as in daphne
            statuses = executor.submit(asyncio.run, requests()).result()
    finally:
        connection_created.disconnect(record)
    assert all(status < 500 for status in statuses), statuses
    assert len(pids) >= count, pids
    assert len(set(pids)) < len(pids), pids
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", [list(set(pids))])
        assert {pid for (pid,) in cursor.fetchall()} == set(pids)
