"""Read queries of eRaati. Results are aggregated in the database (GROUP BY) in a fixed number of
queries, whatever the number of responses; only the per-value counts reach Python.

The counts here are the true ones. Nothing is published from them directly: ``eraati.disclosure``
turns them into the numbers that pages, exports and report blocks show. Each count comes with its
*key sum* (the sum of the record keys of the responses counted), which the disclosure control needs.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, FilteredRelation, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import question_types
from .models import Answer, Contact, Council, Meeting, MeetingInvitation, Question, Quote, Response, Survey


@dataclass(frozen=True)
class Tally:
    """A true count and the sum of the record keys of the responses in it."""

    count: int
    key_sum: int

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.count + other.count, self.key_sum + other.key_sum)


NO_ONE = Tally(0, 0)


@dataclass
class ResultCounts:
    respondents: Tally
    answered: dict[int, Tally]  # question id -> respondents who answered it
    cells: dict[int, dict[int, Tally]]  # question id -> value -> respondents who chose it
    quotes: dict[int, list[Quote]]


@dataclass
class BreakdownCounts:
    sizes: dict[tuple[int, int | None], Tally]  # (question id, group value) -> respondents
    cells: dict[tuple[int, int | None], dict[int, Tally]]  # (question id, group value) -> value -> ...


@dataclass
class MonthCounts:
    key: str
    kind: str
    survey_id: int
    opens_at: object
    secret: str
    answered: Tally = NO_ONE
    cells: dict[int, Tally] = field(default_factory=dict)

    @property
    def type(self) -> question_types.QuestionType:
        return question_types.get(self.kind)


def public_results_q(now=None) -> Q:
    """Surveys whose results embargo has ended."""
    now = now or timezone.now()
    return Q(closes_at__lte=now) & (Q(results_on__isnull=True) | Q(results_on__lte=timezone.localdate(now)))


def surveys_with_public_results(kind=Survey.Kind.MONTHLY):
    return Survey.objects.filter(public_results_q(), kind=kind).order_by("-closes_at", "-id")


@dataclass
class CouncilSchedule:
    council: Council
    upcoming: list[Meeting] = field(default_factory=list)
    memos: list = field(default_factory=list)  # CouncilMemoPage, newest meeting first


def council_schedules(now=None) -> list[CouncilSchedule]:
    """Every council with its meetings still to come (soonest first) and the memos of its past meetings
    in the reader's language tree (newest first): the public council page. Three queries."""
    from wagtail.models import Locale

    from .models import CouncilMemoPage

    now = now or timezone.now()
    schedules = {council.pk: CouncilSchedule(council) for council in Council.objects.all()}
    for meeting in Meeting.objects.filter(starts_at__gte=now).order_by("starts_at"):
        schedules[meeting.council_id].upcoming.append(meeting)
    memos = (
        CouncilMemoPage.objects.live()
        .public()
        .filter(locale=Locale.get_active(), meeting__isnull=False)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )
    for memo in memos:
        schedules[memo.meeting.council_id].memos.append(memo)
    return list(schedules.values())


def open_surveys(kind=Survey.Kind.MONTHLY):
    now = timezone.now()
    return Survey.objects.filter(kind=kind, opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "id")


def _distinct_respondents(answers, group_by: list[str]):
    """(group values...) -> Tally of distinct responses among ``answers`` (multiple choice has a row per
    option chosen). One query: GROUP BY over the DISTINCT (response, ...) rows."""
    inner = answers.values(*group_by, "response_id", "record_key").distinct()
    sql, params = inner.query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(name) for name in group_by)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, COUNT(*), SUM(record_key) FROM ({sql}) AS picked GROUP BY {columns}",  # noqa: S608 (column names of this module)
            params,
        )
        return {tuple(row[:-2]): Tally(row[-2], int(row[-1])) for row in cursor.fetchall()}


def result_counts(survey: Survey, questions: list[Question]) -> ResultCounts:
    """The true counts of ``questions`` of ``survey`` in four queries, whatever the number of responses.

    Answers are picked by question id, not by a join on the survey, so that PostgreSQL estimates their
    number well."""
    total = Response.objects.filter(survey=survey).aggregate(n=Count("*"), keys=Sum("record_key"))
    answers = Answer.objects.filter(question_id__in=[question.pk for question in questions])
    # One GROUP BY gives every (question, value) count. A response has one row per question, except
    # for multiple choice, whose respondents are counted separately (DISTINCT only where needed).
    cells: dict[int, dict[int, Tally]] = defaultdict(dict)
    answered: dict[int, Tally] = defaultdict(lambda: NO_ONE)
    for question_id, value, count, keys in (
        answers.values_list("question_id", "value").annotate(c=Count("*"), k=Sum("record_key")).order_by()
    ):
        tally = Tally(count, int(keys))
        answered[question_id] += tally
        if value is not None:
            cells[question_id][value] = tally
    several_per_response = answers.filter(question__kind__in=question_types.kinds(exclusive=False))
    for (question_id,), tally in _distinct_respondents(several_per_response, ["question_id"]).items():
        answered[question_id] = tally
    quotes = defaultdict(list)
    for quote in Quote.objects.filter(question__survey=survey, published=True).order_by("id"):
        quotes[quote.question_id].append(quote)
    return ResultCounts(
        respondents=Tally(total["n"], int(total["keys"] or 0)),
        answered=dict(answered),
        cells=dict(cells),
        quotes=dict(quotes),
    )


def breakdown_counts(survey: Survey, by: Question) -> BreakdownCounts:
    """The true counts of every question of ``survey`` by the answer to background question ``by``
    (group None: did not answer it), in two queries. The group is joined in (each response answers a
    background question at most once), not looked up row by row."""
    # The question ids, not a join on the survey: PostgreSQL then estimates the rows well and hashes
    # the small side (the answers to ``by``), not the million answers.
    others = [question.pk for question in survey.questions.all() if question.pk != by.pk]
    answers = (
        Answer.objects.filter(question_id__in=others, value__isnull=False)
        .annotate(
            by_answer=FilteredRelation("response__answers", condition=Q(response__answers__question=by))
        )
        .annotate(group=F("by_answer__value"))
    )
    cells: dict[tuple[int, int | None], dict[int, Tally]] = defaultdict(dict)
    sizes: dict[tuple[int, int | None], Tally] = defaultdict(lambda: NO_ONE)
    for question_id, group, value, count, keys in (
        answers.values_list("question_id", "group", "value")
        .annotate(c=Count("*"), k=Sum("record_key"))
        .order_by()
    ):
        tally = Tally(count, int(keys))
        cells[(question_id, group)][value] = tally
        sizes[(question_id, group)] += tally
    several_per_response = answers.filter(question__kind__in=question_types.kinds(exclusive=False))
    for (question_id, group), tally in _distinct_respondents(
        several_per_response, ["question_id", "group"]
    ).items():
        sizes[(question_id, group)] = tally
    return BreakdownCounts(sizes=dict(sizes), cells=dict(cells))


def trend_counts(keys: list[str], *, year: int | None = None) -> list[MonthCounts]:
    """The true counts of each numeric question with one of ``keys`` in every monthly survey whose
    results are public, ordered by key and month (one query)."""
    if not keys:
        return []
    answers = Answer.objects.filter(
        question__key__in=keys,
        question__kind__in=question_types.kinds(numeric=True),
        question__survey__kind=Survey.Kind.MONTHLY,
        value__isnull=False,
    )
    answers = answers.filter(question__survey__in=Survey.objects.filter(public_results_q()).values("pk"))
    if year:
        answers = answers.filter(question__survey__opens_at__year=year)
    rows = (
        answers.values_list(
            "question_id",
            "question__key",
            "question__kind",
            "question__survey_id",
            "question__survey__opens_at",
            "question__survey__disclosure_secret",
            "value",
        )
        .annotate(c=Count("*"), k=Sum("record_key"))
        .order_by("question__key", "question__survey__opens_at", "question__survey_id", "question_id")
    )
    months: dict[int, MonthCounts] = {}
    for question_id, key, kind, survey_id, opens_at, secret, value, count, key_sum in rows:
        month = months.setdefault(
            question_id,
            MonthCounts(key=key, kind=kind, survey_id=survey_id, opens_at=opens_at, secret=secret),
        )
        tally = Tally(count, int(key_sum))
        month.cells[value] = tally
        month.answered += tally
    return list(months.values())


def reused_keys(survey: Survey) -> list[str]:
    """Keys of this survey's numeric questions that appear in other monthly surveys too."""
    return list(
        Question.objects.filter(
            key__in=survey.questions.filter(kind__in=question_types.kinds(numeric=True)).values("key"),
            survey__kind=Survey.Kind.MONTHLY,
        )
        .exclude(survey=survey)
        .values_list("key", flat=True)
        .distinct()
        .order_by("key")
    )


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
        Answer.objects.filter(
            question__survey=survey, question__kind__in=question_types.kinds(free_text=True)
        )
        .select_related("question")
        .order_by("question__sort_order", "text", "response_id")
    )


def free_text_digest(text: str) -> str:
    """What the free-text page's "pick as a quote" button posts to name an answer: a digest of its text.

    Not the answer's id, which is sequential and would give away the order the answers came in; not the
    text itself, which a browser would give back with its line breaks changed.
    """
    return hashlib.sha256(text.encode()).hexdigest()


def free_text_answer(survey: Survey, *, question_id: str, digest: str) -> Answer | None:
    """The free-text answer of ``survey`` to ``question_id`` whose text has ``digest``."""
    candidates = free_text_answers(survey).filter(question_id=question_id) if question_id.isdigit() else []
    return next((answer for answer in candidates if free_text_digest(answer.text) == digest), None)


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
