"""Answering a survey without an account and without JavaScript: steps, validation, protections."""

import pytest
from django.urls import reverse

from eraati import throttle
from eraati.forms import SurveyForm
from eraati.models import Answer, Question, Response

pytestmark = pytest.mark.django_db


def _fields(survey):
    return {question.key: f"q_{question.pk}" for question in survey.questions.all()}


def _full_post(survey, **overrides):
    """A valid answer to every question of EVERY_KIND, as the final step posts it."""
    names = _fields(survey)
    data = {
        "step": "2",
        "action": "submit",
        names["services-easy"]: "4",
        names["treated-well"]: "5",
        names["contact-way"]: "2",
        names["needs"]: ["1", "0"],
        f"{names['needs']}_other": "Ruoka-apu",
        names["recommend"]: "9",
        names["free-word"]: "Kiitos avusta.",
        names["age-band"]: "2",
    }
    data.update(overrides)
    return data


def test_form_page_works_without_account_and_shows_progress(client, make_survey):
    survey = make_survey()
    response = client.get(reverse("eraati:answer", args=[survey.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vaihe 1/2" in html
    assert '<progress id="survey-progress" max="2" value="1">' in html
    # Every question type is on the page as a plain form control.
    assert html.count('type="radio"') == 6 + 5 + 3 + 11  # agree (with can't say), scale, single, rating
    assert 'type="checkbox"' in html and "<textarea" in html
    assert "En osaa sanoa" in html


def test_full_answer_is_stored_and_redirects_to_a_thank_you_page_without_ids(client, make_survey):
    survey = make_survey()
    response = client.post(reverse("eraati:answer", args=[survey.slug]), _full_post(survey))
    assert response.status_code == 302
    assert response.url == reverse("eraati:thanks")
    stored = Response.objects.get()
    assert stored.survey == survey
    rows = {(a.question.key, a.value, a.text) for a in Answer.objects.select_related("question")}
    assert rows == {
        ("services-easy", 4, ""),
        ("treated-well", 5, ""),
        ("contact-way", 2, ""),
        ("needs", 1, ""),
        ("needs", Question.OTHER, "Ruoka-apu"),
        ("recommend", 9, ""),
        ("free-word", None, "Kiitos avusta."),
        ("age-band", 2, ""),
    }
    thanks = client.get(response.url).content.decode()
    assert str(stored.id) not in thanks and str(stored.id.hex) not in thanks
    assert 'action="/eraati/yhteystiedot/"' in thanks


def test_missing_required_answer_shows_the_error_next_to_the_field_and_keeps_everything(client, make_survey):
    survey = make_survey()
    names = _fields(survey)
    data = _full_post(survey, step="1", action="next")
    data.pop(names["services-easy"])
    response = client.post(reverse("eraati:answer", args=[survey.slug]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vastaa tähän kysymykseen." in html
    assert f'id="{names["services-easy"]}-error"' in html
    assert 'aria-invalid="true"' in html
    # What was typed is still there.
    assert "Kiitos avusta." in html
    assert f'value="5" id="id_{names["treated-well"]}_4" checked' in html or "checked" in html
    assert Response.objects.count() == 0


def test_step_two_carries_step_one_answers_as_hidden_fields_and_back_keeps_them(client, make_survey):
    survey = make_survey()
    names = _fields(survey)
    url = reverse("eraati:answer", args=[survey.slug])
    step_one = {
        "step": "1",
        "action": "next",
        names["services-easy"]: "2",
        names["free-word"]: "Jonot ovat pitkiä",
    }
    html = client.post(url, step_one).content.decode()
    assert "Vaihe 2/2" in html
    assert f'<input type="hidden" name="{names["services-easy"]}" value="2">' in html
    assert f'<input type="hidden" name="{names["free-word"]}" value="Jonot ovat pitkiä">' in html
    back = client.post(url, {**step_one, "step": "2", "action": "back"}).content.decode()
    assert "Vaihe 1/2" in back
    assert "Jonot ovat pitkiä" in back


def test_other_needs_both_the_choice_and_the_text(client, make_survey):
    survey = make_survey()
    names = _fields(survey)
    url = reverse("eraati:answer", args=[survey.slug])
    no_text = client.post(url, _full_post(survey, **{f"{names['needs']}_other": ""}))
    assert no_text.status_code == 400
    assert "Valitsit ”Muu”: kerro mikä." in no_text.content.decode()
    text_only = client.post(url, _full_post(survey, **{names["needs"]: ["1"]}))
    assert text_only.status_code == 400
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("key", "bad_value"),
    [
        ("services-easy", "6"),
        ("treated-well", "0"),
        ("contact-way", "4"),
        ("recommend", "11"),
        ("age-band", "x"),
    ],
)
def test_values_outside_the_question_are_refused(make_survey, key, bad_value):
    survey = make_survey()
    question = survey.questions.get(key=key)
    form = SurveyForm(
        {
            "step": "2",
            f"q_{survey.questions.get(key='services-easy').pk}": "3",
            f"q_{question.pk}": bad_value,
        },
        questions=survey.questions.all(),
        step=2,
    )
    assert not form.is_valid()
    assert f"q_{question.pk}" in form.errors


def test_later_steps_are_not_required_yet(make_survey):
    required_late = [(f"k{i}", Question.Kind.AGREE, f"Väite {i}", "", True, False) for i in range(8)]
    survey = make_survey(questions=required_late)
    questions = survey.questions.all()
    step_one = {f"q_{q.pk}": "3" for q in questions[:6]}
    assert SurveyForm(step_one, questions=questions, step=1).is_valid()
    assert not SurveyForm(step_one, questions=questions, step=2).is_valid()


def test_repeat_answer_from_the_same_browser_is_refused(client, make_survey):
    survey = make_survey()
    url = reverse("eraati:answer", args=[survey.slug])
    client.post(url, _full_post(survey))
    again = client.get(url)
    assert "Olet jo vastannut tähän kyselyyn" in again.content.decode()
    assert client.post(url, _full_post(survey)).status_code == 200
    assert Response.objects.count() == 1
    # The cookie names the survey only, and is signed: a forged one is ignored.
    other = make_survey()
    client.cookies[throttle.ANSWERED_COOKIE] = str(other.pk)
    assert "Olet jo vastannut" not in client.get(reverse("eraati:answer", args=[other.slug])).content.decode()


def test_floods_get_a_captcha_then_a_pause(client, make_survey, settings):
    settings.ERAATI_SUBMIT_RATE_SOFT = 2
    settings.ERAATI_SUBMIT_RATE_HARD = 3
    surveys = [make_survey() for _ in range(4)]
    first, second, third, fourth = surveys
    for survey in (first, second):
        assert (
            client.post(reverse("eraati:answer", args=[survey.slug]), _full_post(survey)).status_code == 302
        )
    url = reverse("eraati:answer", args=[third.slug])
    assert 'name="captcha_1"' not in client.get(url).content.decode()  # step 1 of 2: not yet
    unsolved = client.post(url, _full_post(third))
    assert unsolved.status_code == 400
    assert 'name="captcha_1"' in unsolved.content.decode()
    solved = _full_post(third, captcha_0="x", captcha_1="PASSED")
    assert client.post(url, solved).status_code == 302
    refused = client.get(reverse("eraati:answer", args=[fourth.slug]))
    assert refused.status_code == 429
    assert Response.objects.count() == 3


def test_captcha_for_everyone_when_staff_switch_it_on(client, make_survey):
    survey = make_survey()
    survey.captcha_required = True
    survey.save()
    url = reverse("eraati:answer", args=[survey.slug])
    assert client.post(url, _full_post(survey)).status_code == 400
    assert Response.objects.count() == 0


def test_closed_survey_says_when_results_are_published(client, make_survey):
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone
    from django.utils.formats import date_format

    survey = make_survey(closed=True, results_on=timezone.localdate() + relativedelta(days=3))
    html = client.get(reverse("eraati:answer", args=[survey.slug])).content.decode()
    assert "Kysely sulkeutui" in html
    assert "Tulokset julkaistaan " + date_format(survey.results_on, "j.n.Y") in html
    assert client.post(reverse("eraati:answer", args=[survey.slug]), _full_post(survey)).status_code == 200
    assert Response.objects.count() == 0


def test_survey_not_open_yet_takes_no_answers(client, make_survey):
    survey = make_survey(open=False)
    html = client.get(reverse("eraati:answer", args=[survey.slug])).content.decode()
    assert "Kysely avautuu" in html
    client.post(reverse("eraati:answer", args=[survey.slug]), _full_post(survey))
    assert Response.objects.count() == 0


def test_question_validation_in_the_admin_model(make_survey):
    from django.core.exceptions import ValidationError

    survey = make_survey(questions=[])
    cases = [
        Question(survey=survey, kind=Question.Kind.SINGLE, text="x", options="vain yksi"),
        Question(survey=survey, kind=Question.Kind.SCALE, text="x", options="a\nb"),
        Question(survey=survey, kind=Question.Kind.BACKGROUND, text="x", options="a\nb", required=True),
        Question(survey=survey, kind=Question.Kind.AGREE, text="x", allow_other=True),
    ]
    for question in cases:
        with pytest.raises(ValidationError):
            question.clean()
    ok = Question(survey=survey, kind=Question.Kind.SINGLE, text="x", options="a\nb", allow_other=True)
    ok.clean()
    ok.save()
    assert ok.key.startswith("q-")


def test_the_service_refuses_answers_outside_the_open_period(make_survey, answer):
    from eraati import services

    for survey in (make_survey(closed=True), make_survey(open=False)):
        with pytest.raises(services.SurveyNotOpen):
            answer(survey, {"services-easy": 3})
    assert Response.objects.count() == 0


def test_only_free_text_can_be_quoted(make_survey, answer, make_user):
    from eraati import services

    response = answer(make_survey(), {"services-easy": 3})
    with pytest.raises(ValueError):
        services.pick_quote(make_user(role="social_work_staff"), response.answers.get())


def test_a_repeated_option_counts_once_however_often_it_is_sent(client, make_survey):
    survey = make_survey()
    names = _fields(survey)
    data = _full_post(survey, **{names["needs"]: ["1"] * 3000 + ["0", "0"]})
    response = client.post(reverse("eraati:answer", args=[survey.slug]), data)
    assert response.status_code == 302
    needs = Answer.objects.filter(question__key="needs")
    assert sorted(needs.values_list("value", flat=True)) == [0, 1]


def test_the_database_refuses_a_second_row_for_the_same_option(make_survey):
    from django.db import IntegrityError, transaction

    survey = make_survey()
    question = survey.questions.get(key="needs")
    stored = Response.objects.create(survey=survey, submitted_on="2026-12-01")
    Answer.objects.create(response=stored, question=question, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=stored, question=question, value=1)
    Answer.objects.create(response=stored, question=question, value=2)
