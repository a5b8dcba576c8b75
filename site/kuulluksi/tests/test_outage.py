"""Any page that meets a database outage answers with the translated 503 page, not a bare 500."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from kuulluksi.outage import server_error

from .faults import LOST, failing_database

pytestmark = pytest.mark.django_db

FINNISH = "Palvelussa on tilapäinen tekninen vika. Yritä hetken päästä uudelleen."


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [
        ("/eraati/", "fi", FINNISH),
        ("/sv/forum/", "sv", "Tjänsten har ett tillfälligt tekniskt fel. Försök igen om en stund."),
        ("/en/eraati/", "en", "The service has a temporary technical fault. Please try again in a moment."),
    ],
)
def test_page_during_an_outage_gets_a_translated_503_that_needs_no_database(client, path, language, text):
    with failing_database(fail_at=1, stay_down=True) as faults:
        response = client.get(path)
    html = response.content.decode()
    assert faults.failed >= 1  # the view did ask the database, and every later statement failed too
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert f'<html lang="{language}">' in html
    assert text in html


@pytest.mark.django_db(transaction=True)
def test_signed_in_user_gets_the_503_page_and_stays_signed_in(client, make_user):
    """Sessions are database rows: during the outage the session cannot be read, afterwards it still is."""
    client.force_login(make_user(pseudonym="maija"))
    with failing_database(fail_at=1, stay_down=True):
        response = client.get("/eraati/")
    assert response.status_code == 503
    assert FINNISH in response.content.decode()
    assert "maija" in client.get("/eraati/").content.decode()


def test_handler500_answers_503_for_an_outage_met_outside_a_view():
    request = RequestFactory().get("/")
    with translation.override("fi"):
        try:
            raise OperationalError(LOST)
        except OperationalError:
            response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert FINNISH in response.content.decode()


def test_handler500_keeps_the_plain_500_page_for_other_errors():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Retry-After" not in response
