"""Question kinds come from one registry: a new kind is one class, and every page follows it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from eraati import disclosure, question_types, selectors
from eraati.models import Answer, Question

pytestmark = pytest.mark.django_db


class YesNo(question_types.QuestionType):
    value = "yesno"
    label = "Kyllä tai ei"

    def value_labels(self, question):
        return {1: "Kyllä", 2: "Ei"}


@pytest.fixture
def yes_no():
    question_types.register(YesNo)
    yield
    question_types.unregister(YesNo.value)


def test_the_stored_kinds_are_the_registered_ones_in_their_order():
    assert [value for value, _label in question_types.choices()] == [
        "agree",
        "scale",
        "single",
        "multiple",
        "rating",
        "text",
        "background",
    ]
    assert list(Question.Kind) == [question_type.value for question_type in question_types.registered()]


def test_a_kind_is_registered_once_with_a_value_that_fits_the_column():
    with pytest.raises(ValueError, match="registered already"):
        question_types.register(question_types.Agree)

    class TooLong(question_types.QuestionType):
        value = "x" * (question_types.MAX_VALUE_LENGTH + 1)

    with pytest.raises(ValueError, match="characters"):
        question_types.register(TooLong)


def test_a_new_kind_is_one_class_that_is_offered_validated_answered_stored_and_counted(
    client, make_survey, answer, close_survey, yes_no
):
    survey = make_survey(questions=[("sopiiko", YesNo.value, "Sopiiko aika?", "", True, False)])
    question = survey.questions.get()
    # Staff can choose it, and the rules every kind shares apply to it.
    assert (YesNo.value, YesNo.label) in Question._meta.get_field("kind").choices
    question.full_clean()
    question.allow_other = True
    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert list(refused.value.message_dict) == ["allow_other"]

    url = reverse("eraati:answer", args=[survey.slug])
    page = client.get(url).content.decode()
    assert "question-yesno" in page
    assert page.count('type="radio"') == 2 and ">Kyllä</label>" in page and ">Ei</label>" in page

    field = f"q_{question.pk}"
    not_an_option = client.post(url, {"step": "1", "action": "submit", field: "3"})
    assert not_an_option.status_code == 400
    assert not Answer.objects.exists()
    assert client.post(url, {"step": "1", "action": "submit", field: "1"}).status_code == 302
    assert list(Answer.objects.values_list("question__key", "value", "text")) == [("sopiiko", 1, "")]

    for value in [1] * 9 + [2] * 5:
        answer(survey, {"sopiiko": value})
    close_survey(survey)
    (result,) = disclosure.survey_results(survey).questions
    assert [(cell.label, cell.count) for cell in result.cells] == [("Kyllä", 10), ("Ei", 5)]
    assert result.n == 15 and result.median is None
    results_page = client.get(reverse("eraati:results", args=[survey.slug])).content.decode()
    assert '<th scope="row">Kyllä</th>' in results_page
    assert list(selectors.answer_rows(survey))[1][1] in {"Kyllä", "Ei"}


def test_a_kind_leaves_with_its_class():
    assert YesNo.value not in question_types.kinds()
    assert YesNo.value not in dict(Question._meta.get_field("kind").choices)
