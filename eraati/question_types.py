"""The kinds of eRaati question: one class per kind, and the registry the rest of eRaati asks.

Everything that differs between kinds is here: the label staff choose in the admin, the values an
answer stores and their labels, the rules a question must follow, the answer form's field and its
template, the answer rows a filled-in field becomes, and how results are aggregated and shown. The
model's ``kind`` choices, the answer form, the results, trends and exports, and the benchmarks ask a
question's ``type`` (``Question.type``) or ``kinds(...)`` and never compare ``kind`` themselves.

Adding a kind is one ``QuestionType`` subclass decorated with ``@register`` plus its tests. Its
``value`` is what ``Question.kind`` stores: at most ``MAX_VALUE_LENGTH`` characters, never changed once
answers exist. The model's choices are read from the registry each time, so no migration is needed.

Stored values: agree 1..5 with ``CANT_SAY`` (0); scale 1..5; rating 0..10; choices the 1-based option
number, with ``OTHER`` (0) for "other, what?" (its text in ``Answer.text``); free text no value, only
the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.utils.functional import Promise

    from .models import Question

MAX_VALUE_LENGTH = 12  # Question.kind's max_length
CANT_SAY = 0
OTHER = 0

AGREE_LABELS = {
    1: _("Strongly disagree"),
    2: _("Somewhat disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Somewhat agree"),
    5: _("Strongly agree"),
    CANT_SAY: _("Can't say"),
}

PLEASE_ANSWER = _("Please answer this question.")


class DistinctMultipleChoiceField(forms.MultipleChoiceField):
    """A multiple choice where each option counts once, however often a hand-made request repeats it."""

    def to_python(self, value):
        return list(dict.fromkeys(super().to_python(value)))


class QuestionType:
    """One kind of question. The defaults describe a counted question answered with one radio button
    among ``value_labels``; subclasses set the attributes and override the methods that differ."""

    value: str = ""  # stored in Question.kind
    label: Promise | str = ""  # shown to staff choosing the kind
    numeric = False  # answers are points on one scale: a median, and trends across months
    exclusive = True  # options exclude each other: one answer row per respondent
    free_text = False  # answers are text: never counted or published, staff may quote them
    offers_other = False  # may offer "other, what?" (value OTHER with the text)
    groups_results = False  # results may be shown by its answers (a background question)
    field_template = "eraati/question_types/choice_field.html"  # context: question, field, other
    result_template = "eraati/question_types/counts_result.html"  # context: result, base, exact

    def value_labels(self, question: Question) -> dict[int, Promise | str]:
        """Every value an answer may store, with its label, in display order."""
        return {}

    def in_average(self, value: int) -> bool:
        """Whether answers with ``value`` count in the median and in the trends' average."""
        return True

    def errors(self, question: Question) -> dict[str, Promise | str]:
        """What is wrong with how staff set ``question`` up: field name -> message."""
        if question.allow_other and not self.offers_other:
            return {"allow_other": _("Only choice questions can offer “other, what?”.")}
        return {}

    def form_field(self, question: Question, **common) -> forms.Field:
        """The answer form's field (``common``: its label and help text)."""
        choices = [(str(value), label) for value, label in question.value_labels().items()]
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": PLEASE_ANSWER},
            **common,
        )

    def answer_rows(self, question: Question, cleaned, other_text: str) -> list[tuple[int | None, str]]:
        """The (value, text) rows to store for the field's cleaned value; none when unanswered."""
        chosen = cleaned if isinstance(cleaned, list) else [cleaned]
        values = [int(value) for value in chosen if value not in (None, "")]
        return [(value, other_text if question.allow_other and value == OTHER else "") for value in values]


_registry: dict[str, QuestionType] = {}


def register(question_type: type[QuestionType]) -> type[QuestionType]:
    """Add a kind (usable as a class decorator). Its value must be new and short enough to store."""
    value = question_type.value
    if not value or len(value) > MAX_VALUE_LENGTH:
        raise ValueError(f"A question kind needs a value of 1 to {MAX_VALUE_LENGTH} characters: {value!r}")
    if value in _registry:
        raise ValueError(f"The question kind {value!r} is registered already.")
    _registry[value] = question_type()
    return question_type


def unregister(value: str) -> None:
    del _registry[value]


def get(value: str) -> QuestionType:
    """The type of the kind stored as ``value`` (``KeyError`` for a kind that is not registered)."""
    return _registry[value]


def registered() -> Iterable[QuestionType]:
    return _registry.values()


def choices() -> list[tuple[str, Promise | str]]:
    """The model's ``kind`` choices, in registration order (a callable, so new kinds need no migration)."""
    return [(question_type.value, question_type.label) for question_type in registered()]


def kinds(**attributes) -> list[str]:
    """The values of the kinds whose attributes equal ``attributes``, for queries: ``kinds(numeric=True)``."""
    return [
        question_type.value
        for question_type in registered()
        if all(getattr(question_type, name) == wanted for name, wanted in attributes.items())
    ]


@register
class Agree(QuestionType):
    value = "agree"
    label = _("Statement: agree – disagree (with “can't say”)")
    numeric = True

    def value_labels(self, question):
        return dict(AGREE_LABELS)

    def in_average(self, value):
        return value != CANT_SAY


@register
class Scale(QuestionType):
    value = "scale"
    label = _("Scale 1–5 with labels")
    numeric = True

    def value_labels(self, question):
        labels = question.option_list
        if len(labels) == 5:
            return {i: f"{i} – {label}" for i, label in enumerate(labels, start=1)}
        return {i: str(i) for i in range(1, 6)}

    def errors(self, question):
        errors = super().errors(question)
        if question.option_list and len(question.option_list) != 5:
            errors["options"] = _("Give exactly five labels for a 1–5 scale, or none.")
        return errors


class ChoiceType(QuestionType):
    """The options are staff's lines of text, numbered from 1."""

    def value_labels(self, question):
        labels = {i: label for i, label in enumerate(question.option_list, start=1)}
        if question.allow_other:
            labels[OTHER] = _("Other")
        return labels

    def errors(self, question):
        errors = super().errors(question)
        if len(question.option_list) < 2:
            errors["options"] = _("A choice question needs at least two options, one per line.")
        return errors


@register
class SingleChoice(ChoiceType):
    value = "single"
    label = _("Single choice")
    offers_other = True


@register
class MultipleChoice(ChoiceType):
    value = "multiple"
    label = _("Multiple choice")
    offers_other = True
    exclusive = False

    def form_field(self, question, **common):
        return DistinctMultipleChoiceField(
            choices=[(str(value), label) for value, label in question.value_labels().items()],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Please choose at least one option.")},
            **common,
        )


@register
class Rating(QuestionType):
    value = "rating"
    label = _("Rating 0–10")
    numeric = True
    field_template = "eraati/question_types/rating_field.html"

    def value_labels(self, question):
        return {i: str(i) for i in range(11)}


@register
class FreeText(QuestionType):
    value = "text"
    label = _("Free text")
    free_text = True
    field_template = "eraati/question_types/text_field.html"
    result_template = "eraati/question_types/quotes_result.html"

    def form_field(self, question, **common):
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=4000,
            error_messages={"required": PLEASE_ANSWER},
            **common,
        )

    def answer_rows(self, question, cleaned, other_text):
        return [(None, cleaned.strip())] if cleaned and cleaned.strip() else []


@register
class Background(ChoiceType):
    value = "background"
    label = _("Background question (single choice, always optional)")
    groups_results = True

    def errors(self, question):
        errors = super().errors(question)
        if question.required:
            errors["required"] = _("Background questions are always optional.")
        return errors
