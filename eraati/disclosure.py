"""Disclosure control: every number eRaati publishes is made here, from the counts of ``selectors``.

The method (the reasons and what a reader loses are in docs/privacy.md, "Publishing"):

- **Every count is rounded at random to a multiple of the base** (``ERAATI_MIN_CELL``, 5): a count
  ``5q + r`` is published as ``5q + 5`` with probability ``r / 5`` and as ``5q`` otherwise (unbiased
  random rounding); multiples of 5 stay as they are. A count below the base (0–4) is published as
  "fewer than 5", nothing else. So a published 10 means 6–14, and "fewer than 5" means 0–4.
- **The same people always get the same published number.** The "random" choice comes from a keyed
  hash (HMAC-SHA-256 with the survey's secret ``Survey.disclosure_secret``) of the *cell key*: the sum of
  the secret record keys (``Response.record_key``) of the responses counted in the cell (the cell-key
  idea of the Australian Bureau of Statistics' TableBuilder). A cell made of the same responses gets the
  same published value in every table, breakdown, trend, export and report block, so asking again or
  from another angle never gives a second, independent rounding of the same count to average.
- **Totals are rounded on their own**, never added up from rounded cells: the number of respondents,
  the number who answered a question and the size of each group in a breakdown are cells like any other.
  Their published values need not add up; the page says so.
- **Everything else is computed from the published counts only**: percentages, medians, the averages
  and ``n`` of the trends across months. They tell nothing that the rounded counts do not.
- **Breakdowns are rounded the same way**, jointly with the overall table through the cell keys, so that
  a group's cells or a group's size cannot be subtracted from the overall table to recover a small one.

Nothing is withheld to protect another cell (rounding needs no secondary suppression), so every
"fewer than 5" is true. Staff with ``eraati.preview_results`` may ask for the exact figures
(``exact=True``); those pages and files say that they are not for publication.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import conf, selectors
from .models import Question, Quote, Survey
from .questions import median_from_counts


def _uniform(secret: str, count: int, key_sum: int) -> float:
    """A number in [0, 1) that only the survey's secret and the cell's responses determine."""
    digest = hmac.new(secret.encode(), f"{count}:{key_sum}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def rounded(count: int, key_sum: int, *, secret: str, base: int) -> int | None:
    """The published value of a count: a multiple of ``base``, or None for "fewer than ``base``"."""
    if count < base:
        return None
    remainder = count % base
    down = count - remainder
    if remainder and _uniform(secret, count, key_sum) < remainder / base:
        return down + base
    return down


class Protector:
    """Turns the true counts of one survey into the numbers that may be shown."""

    def __init__(self, survey: Survey, *, exact: bool = False):
        self.secret = survey.disclosure_secret
        self.exact = exact
        self.base = conf.min_cell()

    def count(self, tally: selectors.Tally) -> int | None:
        if self.exact:
            return tally.count
        return rounded(tally.count, tally.key_sum, secret=self.secret, base=self.base)


@dataclass
class Cell:
    value: int
    label: str
    count: int | None  # the published count; None: fewer than the base
    percent: float | None  # of the published number who answered, from published counts only

    @property
    def below(self) -> bool:
        return self.count is None


@dataclass
class QuestionResult:
    question: Question
    n: int | None  # published number who answered it; None: fewer than the base (nothing shown)
    cells: list[Cell] = field(default_factory=list)
    median: float | None = None  # of the published counts
    quotes: list[Quote] = field(default_factory=list)

    @property
    def below(self) -> bool:
        return self.n is None

    @property
    def is_text(self) -> bool:
        return self.question.type.free_text


@dataclass
class SurveyResults:
    survey: Survey
    n: int | None
    questions: list[QuestionResult]
    base: int
    exact: bool  # staff only: the true counts, not for publication

    @property
    def below(self) -> bool:
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
    n: int | None  # the sum of the published counts the average is computed from
    mean: float | None
    below: bool  # fewer than the base answered the question that month


def _cells(question: Question, tallies: dict[int, selectors.Tally], n: int, protect: Protector) -> list[Cell]:
    cells = []
    for value, label in question.value_labels().items():
        count = protect.count(tallies.get(value, selectors.NO_ONE))
        percent = round(100 * count / n, 1) if count is not None and n else None
        cells.append(Cell(value=value, label=str(label), count=count, percent=percent))
    return cells


def _published_distribution(question: Question, cells: list[Cell]) -> dict[int, int]:
    """Value -> published count of the cells a median or an average uses ("can't say" left out)."""
    return {cell.value: cell.count for cell in cells if cell.count and question.type.in_average(cell.value)}


def survey_results(survey: Survey, *, keys: list[str] | None = None, exact: bool = False) -> SurveyResults:
    """The published results of ``survey`` (``exact``: the true counts, for staff previews only)."""
    protect = Protector(survey, exact=exact)
    questions = list(survey.questions.all())
    if keys:
        questions = [question for question in questions if question.key in keys]
    counts = selectors.result_counts(survey, questions)
    n = protect.count(counts.respondents)
    results = []
    for question in questions:
        answered = protect.count(counts.answered.get(question.pk, selectors.NO_ONE))
        quotes = counts.quotes.get(question.pk, [])
        if n is None or answered is None:
            results.append(QuestionResult(question=question, n=None, quotes=quotes))
            continue
        cells = _cells(question, counts.cells.get(question.pk, {}), answered, protect)
        median = (
            median_from_counts(_published_distribution(question, cells)) if question.type.numeric else None
        )
        results.append(
            QuestionResult(question=question, n=answered, cells=cells, median=median, quotes=quotes)
        )
    return SurveyResults(survey=survey, n=n, questions=results, base=protect.base, exact=exact)


def breakdowns(results: SurveyResults, by: Question) -> list[tuple[Question, list[BreakdownGroup]]]:
    """Every shown question of ``results`` by the groups of background question ``by`` (exact only
    if ``results`` are)."""
    protect = Protector(results.survey, exact=results.exact)
    counts = selectors.breakdown_counts(results.survey, by)
    group_labels = list(by.value_labels().items()) + [(None, gettext_lazy("Not answered"))]
    tables = []
    for result in results.questions:
        question = result.question
        if result.is_text or question == by or result.below:
            continue
        groups = []
        for group, label in group_labels:
            size = protect.count(counts.sizes.get((question.pk, group), selectors.NO_ONE))
            if size is None:
                groups.append(BreakdownGroup(label=str(label), n=None, cells=[]))
                continue
            cells = _cells(question, counts.cells.get((question.pk, group), {}), size, protect)
            groups.append(BreakdownGroup(label=str(label), n=size, cells=cells))
        tables.append((question, groups))
    return tables


def question_trends(keys: list[str], *, year: int | None = None) -> dict[str, list[TrendPoint]]:
    """Average answer per public monthly survey for each key, from that month's published counts.

    The average and its ``n`` are computed from the same rounded counts that the month's results page
    shows ("can't say" left out), so the trend adds nothing that could be subtracted.
    """
    trends: dict[str, list[TrendPoint]] = defaultdict(list)
    base = conf.min_cell()
    for month in selectors.trend_counts(keys, year=year):
        answered = rounded(month.answered.count, month.answered.key_sum, secret=month.secret, base=base)
        published = {
            value: rounded(tally.count, tally.key_sum, secret=month.secret, base=base)
            for value, tally in month.cells.items()
            if month.type.in_average(value)
        }
        used = {value: count for value, count in published.items() if count}
        total = sum(used.values())
        mean = round(sum(value * count for value, count in used.items()) / total, 2) if total else None
        trends[month.key].append(
            TrendPoint(
                survey_id=month.survey_id,
                title=month.title,
                opens_at=month.opens_at,
                n=total if answered is not None else None,
                mean=mean if answered is not None else None,
                below=answered is None,
            )
        )
    return dict(trends)


def question_trend(key: str, *, year: int | None = None) -> list[TrendPoint]:
    return question_trends([key], year=year).get(key, [])


def results_rows(results: SurveyResults) -> list[list]:
    """The published numbers as table rows for the CSV and XLSX exports, a note on the method first."""
    fewer = _("fewer than %(n)s") % {"n": results.base}
    if results.exact:
        note = _("EXACT FIGURES FOR STAFF: NOT FOR PUBLICATION.")
    else:
        note = _(
            "Counts are rounded at random up or down to a multiple of %(n)s; “fewer than %(n)s” means 0 to "
            "%(m)s. Totals are rounded separately, so rows need not add up. Percentages are computed "
            "from the rounded counts."
        ) % {"n": results.base, "m": results.base - 1}
    rows = [[note]]
    rows.append([_("key"), _("question"), _("option"), _("count"), _("percent"), _("answered the question")])
    for result in results.questions:
        if result.is_text:
            continue
        if result.below:
            rows.append([result.question.key, result.question.text, "", fewer, "", fewer])
            continue
        for cell in result.cells:
            rows.append(
                [
                    result.question.key,
                    result.question.text,
                    cell.label,
                    fewer if cell.below else cell.count,
                    "" if cell.percent is None else cell.percent,
                    result.n,
                ]
            )
    return rows
