"""A database administrator cannot tell which contact got which invitation token, so spending a token
in the answer's transaction links no contact to the answer; task rows hold no contact id."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from eraati import services
from eraati.conftest import opted_in
from eraati.models import Contact, Survey

from .conftest import answer_over_http, respondent_values

pytestmark = pytest.mark.django_db

INVITED = 12


def _all_rows():
    """Every row of every table as text, with its table name: what a dump of the database holds."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                yield table, " ".join(str(value) for value in row)


def _contact_id_spellings(contact):
    return {str(contact.pk), contact.pk.hex}


@pytest.fixture
def invited(make_user, make_survey, django_capture_on_commit_callbacks):
    """A deeper survey and INVITED contacts invited to it by staff; returns (survey, {email: token})."""
    staff = make_user(role="social_work_staff")
    survey = make_survey(kind=Survey.Kind.DEEPER)
    for number in range(INVITED):
        opted_in(email=f"kutsuttu{number}@example.org", wants_surveys=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invite_to_survey(staff, survey, Contact.objects.all()) == INVITED
    tokens = {message.to[0]: re.search(r"kutsu=(\S+)", message.body).group(1) for message in mail.outbox}
    assert len(tokens) == INVITED
    return survey, tokens


def test_no_row_holds_a_token_hash_and_a_contact_reference(invited):
    _survey, tokens = invited
    rows = list(_all_rows())
    for email, token in tokens.items():
        contact = Contact.objects.get(email=email)
        with_hash = [(table, row) for table, row in rows if services.hash_token(token) in row]
        assert with_hash, "the token must be verifiable"
        for table, row in with_hash:
            assert not any(spelling in row for spelling in _contact_id_spellings(contact)), table


def test_task_rows_hold_no_contact_id(settings, make_user, make_survey, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    staff = make_user(role="social_work_staff")
    survey = make_survey(kind=Survey.Kind.DEEPER)
    contacts = [opted_in(email=f"k{number}@example.org", wants_surveys=True) for number in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_to_survey(staff, survey, Contact.objects.all())
    queued = list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert queued, "the invitations went through the task queue"
    for contact in contacts:
        for spelling in _contact_id_spellings(contact):
            assert spelling not in str(queued)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's transaction id")
@pytest.mark.django_db(transaction=True)
def test_xmin_joins_no_invitation_to_an_answer(invited, report_channel):
    """The old attack: the spent invitation and the response were written by one transaction."""
    survey, tokens = invited
    for number, token in enumerate(tokens.values()):
        answer_over_http(
            Client(REMOTE_ADDR=f"127.0.1.{number + 2}"), survey, respondent_values_for(number), token=token
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM eraati_surveyinvitation i JOIN eraati_response r ON i.xmin = r.xmin"
        )
        joined = cursor.fetchone()[0]
    report_channel("xmin: spent invitation joined to its answer", linked=joined, out_of=INVITED, chance=0.0)
    assert joined == 0


def respondent_values_for(number):
    import random

    return respondent_values(random.Random(number))
