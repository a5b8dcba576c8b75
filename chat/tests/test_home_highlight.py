"""The next chat on the home page: cached for a minute, and a published page shows at once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def test_the_next_chat_is_looked_up_once_a_minute(client, home_page, make_session, time_machine, settings):
    # The local-memory cache expires by the process's clock, which the test moves (Redis keeps its own).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    time_machine.move_to("2026-12-02 12:00:00+02:00", tick=False)
    client.get("/")  # the first request of a site creates its footer settings (a new page version)
    make_session(starts_in=timedelta(days=2), title="Torstain chat")
    first, queries = _home(client)
    assert "Torstain chat" in first and any("chat_chatsession" in sql for sql in queries)
    make_session(starts_in=timedelta(days=1), title="Keskiviikon chat")
    second, queries = _home(client)
    assert "Keskiviikon chat" not in second and not any("chat_chatsession" in sql for sql in queries)
    time_machine.shift(timedelta(seconds=61))
    assert "Keskiviikon chat" in _home(client)[0]


def test_a_published_page_is_not_hidden_by_the_cached_highlights(client, home_page, make_session):
    make_session(starts_in=timedelta(days=2), title="Torstain chat")
    _home(client)
    make_session(starts_in=timedelta(days=1), title="Keskiviikon chat")
    home_page.save_revision().publish()
    assert "Keskiviikon chat" in _home(client)[0]


def test_a_swedish_reader_does_not_get_the_finnish_highlights(client, home_page, make_session):
    make_session(starts_in=timedelta(days=2), title="Torstain chat")
    finnish = _home(client)[0]
    assert "Aukeaa" in finnish
    response = client.get("/sv/")
    assert response.status_code == 200
    swedish = response.content.decode()
    assert "Aukeaa" not in swedish and "Öppnar" in swedish
