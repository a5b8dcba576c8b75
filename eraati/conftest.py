"""eRaati test fixtures: factories with keyword-only arguments; state is made through the services."""

import datetime
import itertools

import pytest
from django.utils import timezone

from eraati import services
from eraati.models import InvitationToken, Question, Survey, SurveyInvitation

_counter = itertools.count(1)

# (key, kind, text, options, required, allow_other): one question of every type.
EVERY_KIND = [
    ("services-easy", Question.Kind.AGREE, "Palveluihin on helppo päästä.", "", True, False),
    (
        "treated-well",
        Question.Kind.SCALE,
        "Miten sinua kohdeltiin?",
        "Huonosti\nMelko huonosti\nKohtalaisesti\nMelko hyvin\nHyvin",
        False,
        False,
    ),
    (
        "contact-way",
        Question.Kind.SINGLE,
        "Miten asioit useimmiten?",
        "Puhelimessa\nKäymällä\nVerkossa",
        False,
        False,
    ),
    (
        "needs",
        Question.Kind.MULTIPLE,
        "Mitä palveluja tarvitset?",
        "Asumisneuvonta\nVelkaneuvonta\nVertaistuki",
        False,
        True,
    ),
    ("recommend", Question.Kind.RATING, "Kuinka todennäköisesti suosittelisit palvelua?", "", False, False),
    ("free-word", Question.Kind.TEXT, "Vapaa sana", "", False, False),
    ("age-band", Question.Kind.BACKGROUND, "Ikäryhmä", "alle 30\n30-49\n50 tai yli", False, False),
]


def opted_in(**details):
    """Opt in through the service and run the daily flush at once; returns the new contact. Tests that
    need a contact use this; the pool itself is tested in tests/privacy/test_contact_order.py."""
    services.opt_in(**details)
    (contact,) = services.flush_pending_contacts()
    return contact


@pytest.fixture
def make_survey(db):
    """Return a factory: make_survey(kind=, slug=, open=True, closed=False, results_on=None, questions=EVERY_KIND)."""

    def factory(
        *,
        kind=Survey.Kind.MONTHLY,
        slug=None,
        title=None,
        open=True,
        closed=False,
        opens_at=None,
        results_on=None,
        questions=EVERY_KIND,
    ):
        now = timezone.now()
        n = next(_counter)
        if opens_at is None:
            opens_at = now - datetime.timedelta(days=40 if closed else 1 if open else -1)
        closes_at = now - datetime.timedelta(days=1) if closed else opens_at + datetime.timedelta(days=30)
        survey = Survey.objects.create(
            title=title or f"Kysely {n}",
            slug=slug or f"kysely-{n}",
            kind=kind,
            intro="Kerro kokemuksesi.",
            opens_at=opens_at,
            closes_at=closes_at,
            results_on=results_on,
        )
        for order, (key, question_kind, text, options, required, allow_other) in enumerate(questions):
            Question.objects.create(
                survey=survey,
                sort_order=order,
                key=key,
                kind=question_kind,
                text=text,
                options=options,
                required=required,
                allow_other=allow_other,
            )
        return survey

    return factory


@pytest.fixture
def answer():
    """Return answer(survey, {key: value or [values] or text}, token="") storing one response (open survey)."""

    def submit(survey, values, *, token=""):
        questions = {question.key: question for question in survey.questions.all()}
        rows = []
        for key, value in values.items():
            question = questions[key]
            if question.type.free_text:
                rows.append((question, None, value))
            elif isinstance(value, list):
                rows.extend((question, item, "") for item in value)
            else:
                rows.append((question, value, ""))
        return services.submit_response(survey, rows, invitation_token=token)

    return submit


@pytest.fixture
def close_survey():
    """Return close(survey): move the survey's close time into the past (answers stay)."""

    def close(survey):
        survey.opens_at = timezone.now() - datetime.timedelta(days=40)
        survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
        survey.save()
        return survey

    return close


@pytest.fixture
def invite(db):
    """Return a factory: invite(survey, email="a@example.org") -> the token of a fresh invitation to it
    for a new opt-in contact (the database keeps only the token's hash, apart from the contact)."""

    def factory(survey, *, email="a@example.org"):
        contact = opted_in(email=email, wants_surveys=True)
        token, token_hash = services.new_token()
        SurveyInvitation.objects.create(survey=survey, contact=contact, sent_on="2026-01-01")
        InvitationToken.objects.create(survey=survey, token_hash=token_hash)
        return token

    return factory
