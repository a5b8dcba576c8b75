"""The database fails while answers are stored: the person is told in their language, nothing is half-saved.

Faults are injected at each statement of ``submit_response`` (``kuulluksi.tests.faults``) and at the
commit itself, including the worst case: the commit went through but its reply was lost.
"""

import datetime
import re

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from eraati import services
from eraati.models import Answer, InvitationToken, Response, SubmissionReceipt, Survey
from eraati.tests.test_answering import _full_post
from kuulluksi.tests.faults import LOST, failing_database

pytestmark = pytest.mark.django_db

NOT_SAVED = "Vastauksiasi ei tallennettu"
KEY = "lomake-avain-1"


def _stored_rows():
    return Response.objects.count(), Answer.objects.count(), SubmissionReceipt.objects.count()


def _url(survey, language="fi"):
    with translation.override(language):
        return reverse("eraati:answer", args=[survey.slug])


def _assert_not_saved_form(response, *typed):
    """503 with Retry-After, the error at the top of the form and everything typed still in it."""
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert html.index(NOT_SAVED) < html.index('<form method="post" action="/eraati/kysely/')
    assert 'role="alert"' in html
    for text in typed:
        assert text in html
    assert f'name="lomake" value="{KEY}"' in html


# One answer form stores: the receipt, the response, the answers (one bulk INSERT).
@pytest.mark.parametrize("failing_insert", [1, 2, 3])
def test_failed_insert_stores_nothing_keeps_the_form_and_sending_again_stores_it_once(
    client, make_survey, failing_insert
):
    survey = make_survey()
    data = _full_post(survey, lomake=KEY)
    with failing_database(fail_at=failing_insert, verb="INSERT") as faults:
        response = client.post(_url(survey), data)
    assert faults.failed == 1
    _assert_not_saved_form(response, "Kiitos avusta.", "Ruoka-apu")
    assert _stored_rows() == (0, 0, 0)
    # The form as shown is sent again once the database is back: stored whole, once.
    assert client.post(_url(survey), data).url == "/eraati/kiitos/"
    assert _stored_rows() == (1, 8, 1)
    assert client.post(_url(survey), data).url == "/eraati/kiitos/"
    assert _stored_rows() == (1, 8, 1)


# While the database stays down the rollback fails too: outside a test transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_form_is_shown_again_while_the_database_stays_down(client, make_survey):
    """Everything the page needs is already loaded (questions; footer links cached by the first view)."""
    survey = make_survey()
    client.get(_url(survey))
    with failing_database(fail_at=1, verb="INSERT", stay_down=True) as faults:
        response = client.post(_url(survey), _full_post(survey, lomake=KEY))
    assert faults.failed == 1  # nothing after the failed INSERT asked the database
    _assert_not_saved_form(response, "Kiitos avusta.")
    assert _stored_rows() == (0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_when_even_the_form_needs_the_database_the_plain_503_page_says_not_saved(
    client, make_survey, make_user
):
    """A signed-in person's session lives in the database: the form cannot be rendered, the 503 page can."""
    client.force_login(make_user())
    survey = make_survey()
    with failing_database(fail_at=1, verb="INSERT", stay_down=True):
        response = client.post(_url(survey), _full_post(survey, lomake=KEY))
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Vastauksiasi ei tallennettu, koska palvelussa oli tilapäinen vika." in html
    assert _stored_rows() == (0, 0, 0)
    # The session survived the outage: the person is still signed in and can send again.
    assert client.post(_url(survey), _full_post(survey, lomake=KEY)).status_code == 302
    assert _stored_rows() == (1, 8, 1)


@pytest.mark.django_db(transaction=True)
def test_answers_sent_while_the_database_is_down_are_told_not_saved(client, make_survey):
    """The very first query fails (survey, receipt): no form to show, the 503 page says what happened."""
    survey = make_survey()
    data = _full_post(survey, lomake=KEY)
    with failing_database(fail_at=1, stay_down=True):
        sent = client.post(_url(survey), data)
        viewed = client.get(_url(survey))
    assert sent.status_code == viewed.status_code == 503
    assert "Vastauksiasi ei tallennettu, koska palvelussa oli tilapäinen vika." in sent.content.decode()
    assert NOT_SAVED not in viewed.content.decode()
    assert "Palvelussa on tilapäinen tekninen vika." in viewed.content.decode()
    assert _stored_rows() == (0, 0, 0)


def test_not_saved_page_keeps_the_csrf_token_so_one_press_sends_again(make_survey):
    """The CSRF token is a cookie, not a session row: it works through the outage."""
    survey = make_survey()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(_url(survey)).content.decode()

    def hidden(html, name):
        return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)

    data = _full_post(
        survey, csrfmiddlewaretoken=hidden(page, "csrfmiddlewaretoken"), lomake=hidden(page, "lomake")
    )
    with failing_database(fail_at=2, verb="INSERT"):
        failed = browser.post(_url(survey), data)
    assert failed.status_code == 503
    again = failed.content.decode()
    data.update(csrfmiddlewaretoken=hidden(again, "csrfmiddlewaretoken"), lomake=hidden(again, "lomake"))
    assert browser.post(_url(survey), data).status_code == 302
    assert _stored_rows() == (1, 8, 1)


def test_not_saved_message_in_swedish_and_english(client, make_survey):
    survey = make_survey()
    for language, text in [("sv", "Dina svar sparades inte"), ("en", "Your answers were not saved")]:
        with failing_database(fail_at=1, verb="INSERT"):
            response = client.post(_url(survey, language), _full_post(survey, lomake=KEY))
        assert response.status_code == 503
        assert text in response.content.decode()


@pytest.fixture
def invited(make_survey, invite):
    survey = make_survey(kind=Survey.Kind.DEEPER)
    token = invite(survey)
    question = survey.questions.get(key="services-easy")
    data = {"kutsu": token, "step": "2", "action": "submit", f"q_{question.pk}": "4", "lomake": KEY}
    return survey, data


@pytest.mark.parametrize("failing_insert", [1, 2, 3])
def test_failure_after_spending_the_token_leaves_it_unspent(client, invited, failing_insert):
    survey, data = invited
    with failing_database(fail_at=failing_insert, verb="INSERT"):
        assert client.post(_url(survey), data).status_code == 503
    assert InvitationToken.objects.count() == 1
    assert _stored_rows() == (0, 0, 0)
    assert client.post(_url(survey), data).status_code == 302
    assert InvitationToken.objects.count() == 0
    # The same form again is "stored"; another form with the spent token is refused.
    assert client.post(_url(survey), data).status_code == 302
    assert client.post(_url(survey), {**data, "lomake": "another-form"}).status_code == 403
    assert _stored_rows() == (1, 1, 1)


def test_failing_token_delete_stores_nothing(client, invited):
    survey, data = invited
    with failing_database(fail_at=1, verb="DELETE"):
        assert client.post(_url(survey), data).status_code == 503
    assert InvitationToken.objects.count() == 1
    assert _stored_rows() == (0, 0, 0)


def _commit_fails(monkeypatch, *, after_committing):
    """The COMMIT's reply is lost: with ``after_committing`` the server had stored it (in doubt)."""
    real_commit = connection._commit

    def commit():
        if after_committing:
            real_commit()
        raise OperationalError(LOST)

    monkeypatch.setattr(connection, "_commit", commit)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", [Survey.Kind.MONTHLY, Survey.Kind.DEEPER])
def test_failed_commit_stores_nothing(client, make_survey, invite, monkeypatch, kind):
    survey = make_survey(kind=kind)
    data = _full_post(survey, lomake=KEY)
    if kind == Survey.Kind.DEEPER:
        data["kutsu"] = invite(survey)
    with monkeypatch.context() as patch:
        _commit_fails(patch, after_committing=False)
        assert client.post(_url(survey), data).status_code == 503
    assert _stored_rows() == (0, 0, 0)
    assert InvitationToken.objects.count() == (1 if kind == Survey.Kind.DEEPER else 0)
    assert client.post(_url(survey), data).status_code == 302
    assert _stored_rows() == (1, 8, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", [Survey.Kind.MONTHLY, Survey.Kind.DEEPER])
def test_commit_in_doubt_then_sending_again_stores_nothing_twice(
    client, make_survey, invite, monkeypatch, kind
):
    """The answers were stored but the reply was lost: sending again leads to the thank-you page, and
    a deeper survey's spent token does not turn the second sending away."""
    survey = make_survey(kind=kind)
    data = _full_post(survey, lomake=KEY)
    if kind == Survey.Kind.DEEPER:
        data["kutsu"] = invite(survey)
    with monkeypatch.context() as patch:
        _commit_fails(patch, after_committing=True)
        assert client.post(_url(survey), data).status_code == 503
    assert _stored_rows() == (1, 8, 1)
    again = client.post(_url(survey), data)
    assert again.status_code == 302 and again.url == "/eraati/kiitos/"
    assert _stored_rows() == (1, 8, 1)


def test_the_same_form_stored_twice_by_the_service_raises_already_submitted(make_survey, answer):
    survey = make_survey()
    question = survey.questions.get(key="services-easy")
    services.submit_response(survey, [(question, 3, "")], submission_key=KEY)
    with pytest.raises(services.AlreadySubmitted):
        services.submit_response(survey, [(question, 3, "")], submission_key=KEY)
    assert _stored_rows() == (1, 1, 1)


def test_receipt_holds_only_a_hash_and_the_day_and_old_ones_are_purged(make_survey):
    survey = make_survey()
    question = survey.questions.get(key="services-easy")
    stored = services.submit_response(survey, [(question, 3, "")], submission_key=KEY)
    receipt = SubmissionReceipt.objects.get()
    assert {field.name for field in SubmissionReceipt._meta.concrete_fields} == {"key_hash", "submitted_on"}
    assert receipt.key_hash == services.hash_token(KEY) and KEY not in receipt.key_hash
    assert str(stored.id) not in receipt.key_hash and stored.id.hex not in receipt.key_hash
    SubmissionReceipt.objects.create(
        key_hash="0" * 64, submitted_on=receipt.submitted_on - datetime.timedelta(days=1)
    )
    services.purge_expired_contacts()
    assert list(SubmissionReceipt.objects.values_list("key_hash", flat=True)) == [receipt.key_hash]
