"""Read queries of eRaati. Results are aggregated in the database (GROUP BY) in a fixed number of
queries, whatever the number of responses; only the per-value counts reach Python.

Small-cell suppression: a count below ``conf.min_cell()`` is never published, and where the hidden
cell could be worked out from the total and the other cells, the next smallest cell is hidden too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import Answer, Contact, Meeting, MeetingInvitation, Question, Quote, Response, Survey
from .questions import median_from_counts


@dataclass
class Cell:
    value: int
    label: str
    count: int | None  # None: suppressed
    percent: float | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass
class QuestionResult:
    question: Question
    n: int | None  # respondents who answered it; None: suppressed
    cells: list[Cell] = field(default_factory=list)
    median: float | None = None
    quotes: list[Quote] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return self.n is None

    @property
    def is_text(self) -> bool:
        return self.question.kind == Question.Kind.TEXT


@dataclass
class SurveyResults:
    survey: Survey
    n: int | None
    questions: list[QuestionResult]
    min_cell: int

    @property
    def suppressed(self) -> bool:
        return self.n is None


@dataclass
class BreakdownGroup:
    label: str
    n: int | None
    cells: list[Cell]


@dataclass
class TrendPoint:
    survey_id: int
    title: str
    opens_at: object
    n: int | None
    mean: float | None


def public_results_q(now=None) -> Q:
    """Surveys whose results embargo has ended."""
    now = now or timezone.now()
    return Q(closes_at__lte=now) & (Q(results_on__isnull=True) | Q(results_on__lte=timezone.localdate(now)))


def surveys_with_public_results(kind=Survey.Kind.MONTHLY):
    return Survey.objects.filter(public_results_q(), kind=kind).order_by("-closes_at", "-id")


def open_surveys(kind=Survey.Kind.MONTHLY):
    now = timezone.now()
    return Survey.objects.filter(kind=kind, opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "id")


def suppress(counts: dict[int, int], *, exclusive: bool, minimum: int | None = None) -> dict[int, int | None]:
    """Hide every count below ``minimum``.

    For mutually exclusive options (cells add up to the published total) a single hidden cell could
    be recomputed as total minus the rest, so the smallest visible cell is hidden as well.
    """
    minimum = conf.min_cell() if minimum is None else minimum
    shown: dict[int, int | None] = {
        value: (count if count >= minimum else None) for value, count in counts.items()
    }
    hidden = [value for value, count in shown.items() if count is None]
    if exclusive and len(hidden) == 1:
        visible = sorted((count, value) for value, count in shown.items() if count is not None)
        if visible:
            shown[visible[0][1]] = None
    return shown


def _cells(question: Question, counts: dict[int, int], base: int, *, minimum: int) -> list[Cell]:
    labels = question.value_labels()
    full = {value: counts.get(value, 0) for value in labels}
    shown = suppress(full, exclusive=question.kind != Question.Kind.MULTIPLE, minimum=minimum)
    return [
        Cell(
            value=value,
            label=str(label),
            count=shown[value],
            percent=round(100 * shown[value] / base, 1) if shown[value] is not None and base else None,
        )
        for value, label in labels.items()
    ]


def _median(question: Question, counts: dict[int, int]) -> float | None:
    if question.kind not in Question.NUMERIC_KINDS:
        return None
    if question.kind == Question.Kind.AGREE:
        counts = {value: count for value, count in counts.items() if value != Question.CANT_SAY}
    return median_from_counts(counts)


def survey_results(survey: Survey, *, keys: list[str] | None = None) -> SurveyResults:
    """Suppressed results of ``survey`` in five queries, whatever the number of responses."""
    minimum = conf.min_cell()
    questions = list(survey.questions.all())
    if keys:
        questions = [question for question in questions if question.key in keys]
    n = Response.objects.filter(survey=survey).count()
    answers = Answer.objects.filter(question__survey=survey)
    # One GROUP BY gives every (question, value) count. A response has one row per question, except
    # for multiple choice, whose respondents are counted separately (DISTINCT only where needed).
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    respondents: dict[int, int] = defaultdict(int)
    for question_id, value, count in (
        answers.values_list("question_id", "value").annotate(c=Count("*")).order_by()
    ):
        respondents[question_id] += count
        if value is not None:
            counts[question_id][value] = count
    respondents.update(
        answers.filter(question__kind=Question.Kind.MULTIPLE)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    quotes = defaultdict(list)
    for quote in Quote.objects.filter(question__survey=survey, published=True).order_by("id"):
        quotes[quote.question_id].append(quote)

    results = []
    for question in questions:
        answered = respondents.get(question.pk, 0)
        if n < minimum or answered < minimum:
            results.append(QuestionResult(question=question, n=None, quotes=quotes[question.pk]))
            continue
        results.append(
            QuestionResult(
                question=question,
                n=answered,
                cells=_cells(question, counts[question.pk], answered, minimum=minimum),
                median=_median(question, counts[question.pk]),
                quotes=quotes[question.pk],
            )
        )
    return SurveyResults(survey=survey, n=n if n >= minimum else None, questions=results, min_cell=minimum)


def breakdown(question: Question, by: Question) -> list[BreakdownGroup]:
    """Answers to ``question`` grouped by the respondent's answer to background question ``by``.

    Two aggregate queries; each group and each cell is suppressed like any published number.
    """
    minimum = conf.min_cell()
    group_of_response = Subquery(
        Answer.objects.filter(response=OuterRef("response"), question=by).values("value")[:1]
    )
    answers = Answer.objects.filter(question=question).annotate(group=group_of_response)
    sizes = dict(answers.values_list("group").annotate(n=Count("response_id", distinct=True)).order_by())
    counts: dict[int | None, dict[int, int]] = defaultdict(dict)
    for group, value, count in (
        answers.filter(value__isnull=False).values_list("group", "value").annotate(c=Count("id")).order_by()
    ):
        counts[group][value] = count
    groups = []
    group_labels = list(by.value_labels().items()) + [(None, _("Not answered"))]
    for group, label in group_labels:
        size = sizes.get(group, 0)
        if size < minimum:
            groups.append(BreakdownGroup(label=str(label), n=None, cells=[]))
        else:
            groups.append(
                BreakdownGroup(
                    label=str(label), n=size, cells=_cells(question, counts[group], size, minimum=minimum)
                )
            )
    return groups


def question_trends(keys: list[str], *, year: int | None = None) -> dict[str, list[TrendPoint]]:
    """Mean answer per monthly survey for each reused numeric question key (one query).

    Only surveys whose results are public count; a month with fewer than the minimum answers shows
    no mean. "Can't say" is left out of the mean.
    """
    if not keys:
        return {}
    answers = Answer.objects.filter(
        question__key__in=keys,
        question__kind__in=Question.NUMERIC_KINDS,
        question__survey__kind=Survey.Kind.MONTHLY,
        value__isnull=False,
    ).exclude(question__kind=Question.Kind.AGREE, value=Question.CANT_SAY)
    answers = answers.filter(question__survey__in=Survey.objects.filter(public_results_q()).values("pk"))
    if year:
        answers = answers.filter(question__survey__opens_at__year=year)
    rows = (
        answers.values_list(
            "question__key", "question__survey_id", "question__survey__title", "question__survey__opens_at"
        )
        .annotate(n=Count("response_id", distinct=True), mean=Avg("value"))
        .order_by("question__key", "question__survey__opens_at")
    )
    minimum = conf.min_cell()
    trends: dict[str, list[TrendPoint]] = defaultdict(list)
    for key, survey_id, title, opens_at, n, mean in rows:
        visible = n >= minimum
        trends[key].append(
            TrendPoint(
                survey_id=survey_id,
                title=title,
                opens_at=opens_at,
                n=n if visible else None,
                mean=round(mean, 2) if visible else None,
            )
        )
    return dict(trends)


def question_trend(key: str, *, year: int | None = None) -> list[TrendPoint]:
    return question_trends([key], year=year).get(key, [])


def reused_keys(survey: Survey) -> list[str]:
    """Keys of this survey's numeric questions that appear in other monthly surveys too."""
    return list(
        Question.objects.filter(
            key__in=survey.questions.filter(kind__in=Question.NUMERIC_KINDS).values("key"),
            survey__kind=Survey.Kind.MONTHLY,
        )
        .exclude(survey=survey)
        .values_list("key", flat=True)
        .distinct()
        .order_by("key")
    )


def results_rows(results: SurveyResults) -> list[list]:
    """The published (suppressed) numbers as table rows, for the CSV and XLSX exports."""
    suppressed = str(_("fewer than %(n)s") % {"n": results.min_cell})
    rows = []
    for result in results.questions:
        if result.is_text:
            continue
        if result.suppressed:
            rows.append([result.question.key, result.question.text, "", suppressed, "", ""])
            continue
        for cell in result.cells:
            rows.append(
                [
                    result.question.key,
                    result.question.text,
                    cell.label,
                    suppressed if cell.suppressed else cell.count,
                    "" if cell.percent is None else cell.percent,
                    result.n,
                ]
            )
    return rows


def answer_rows(survey: Survey):
    """Anonymous answers one response a row (for staff exports), in random-id order, streamed."""
    questions = list(survey.questions.all())
    labels = {question.pk: question.value_labels() for question in questions}
    yield [str(_("answered on"))] + [question.key for question in questions]
    responses = (
        Response.objects.filter(survey=survey)
        .order_by("id")
        .prefetch_related("answers")
        .iterator(chunk_size=1000)
    )
    for response in responses:
        by_question = defaultdict(list)
        for answer in response.answers.all():
            if answer.value is None:
                by_question[answer.question_id].append(answer.text)
            else:
                label = str(labels[answer.question_id].get(answer.value, answer.value))
                by_question[answer.question_id].append(f"{label}: {answer.text}" if answer.text else label)
        yield [response.submitted_on.isoformat()] + ["; ".join(by_question[q.pk]) for q in questions]


def free_text_answers(survey: Survey):
    """Free-text answers sorted by question and text: the order the answers came in (their ids) would
    tell staff which came first or last."""
    return (
        Answer.objects.filter(question__survey=survey, question__kind=Question.Kind.TEXT)
        .select_related("question")
        .order_by("question__sort_order", "text", "response_id")
    )


def contacts(*, interest: str = ""):
    """Current contacts, filtered by what they want to be invited to."""
    queryset = Contact.objects.filter(expires_on__gte=timezone.localdate())
    if interest == "surveys":
        queryset = queryset.filter(wants_surveys=True)
    elif interest == "councils":
        queryset = queryset.filter(wants_councils=True)
    return queryset.order_by("name", "email", "phone", "id")


def attendance(meeting: Meeting):
    return (
        MeetingInvitation.objects.filter(meeting=meeting)
        .select_related("contact")
        .order_by("reply", "contact__name", "contact__email", "id")
    )
