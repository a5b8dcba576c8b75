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

Rounding each count on its own still lets linked ranges meet at their ends and pin a small count now
and then, so **every publication is checked first** (``publication_check``): the published ranges and
every identity between the tables go to the z3 solver, which must find, for every true count from 1 to
4, another table agreeing with all of it. Where it cannot, a cell of its proof is rounded the other way
(or, failing that, a breakdown is withheld, saying why) and the check runs again. Nothing is relabelled
"fewer than 5" for another cell's sake, so every "fewer than 5" is true. Staff with
``eraati.preview_results`` may ask for the exact figures (``exact=True``); those pages and files say that
they are not for publication.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import defaultdict
from dataclasses import dataclass, field

import z3
from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import conf, selectors
from .models import Question, Quote, Response, Survey
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


def _published(tally: selectors.Tally, *, secret: str, check: Check) -> int | None:
    """The published value of a cell: the hash's rounding, or the other way if the check says so."""
    published = rounded(tally.count, tally.key_sum, secret=secret, base=conf.min_cell())
    if (tally.count, tally.key_sum) in check.flipped:
        return _other_way(tally.count, published)
    return published


def _other_way(count: int, published: int | None) -> int:
    """The other multiple of the base next to ``count`` (``count`` is not a multiple, at least the base)."""
    assert published is not None  # a count of at least the base is published as a number
    base = conf.min_cell()
    return published - base if published > count else published + base


@dataclass(frozen=True)
class Check:
    """What the publication check changed in one survey's published figures (see ``publication_check``).

    ``flipped``: the cells, as (count, cell key), rounded the other way than the hash says; a cell is
    named by its people, so every table that shows the same people shows the same value.
    ``withheld_breakdowns``: background questions whose breakdown is not shown. ``withheld``: no figure
    of the survey is shown (the last resort; it has never been needed)."""

    flipped: frozenset[tuple[int, int]] = frozenset()
    withheld_breakdowns: frozenset[int] = frozenset()
    withheld: bool = False


NOTHING_CHANGED = Check()


def publication_check(survey: Survey) -> Check:
    """The outcome of ``_PublishedTables.settle`` for ``survey``, computed once per set of responses.

    The outcome is kept in the cache under the survey, its secret and its responses (their number and
    the sum of their record keys), so a closed survey is checked once and a survey that is reopened and
    gets more answers is checked again; the same computation gives the same outcome if the cache is lost.
    Costs one aggregate query when cached."""
    return _checks_of([survey])[survey.pk]


def prepare_publication_checks() -> int:
    """Run the publication check of every survey whose results are public, so that no reader's request
    waits for the solver (a large survey's first check takes seconds). Run hourly by cron
    (``prepare_eraati_results``); a check already in the cache costs nothing. Returns the number of
    surveys."""
    surveys = list(Survey.objects.filter(selectors.public_results_q()))
    _checks_of(surveys)
    return len(surveys)


# Z3's Python API keeps global state that is not safe across threads, and daphne runs two readers'
# requests in threads of one process: one check at a time per process.
_SOLVER = threading.Lock()


def _checks_of(surveys: list[Survey]) -> dict[int, Check]:
    """``publication_check`` of each survey, with one query and one cache read for all of them."""
    responses = {
        row["survey_id"]: (row["n"], row["keys"])
        for row in Response.objects.filter(survey__in=[survey.pk for survey in surveys])
        .values("survey_id")
        .annotate(n=Count("*"), keys=Sum("record_key"))
        .order_by()
    }
    keys = {}
    for survey in surveys:
        n, key_sum = responses.get(survey.pk, (0, 0))
        fingerprint = f"{survey.disclosure_secret}:{n}:{key_sum}"
        keys[survey.pk] = (
            f"eraati:publication-check:v1:{survey.pk}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
        )
    cached = cache.get_many(keys.values())
    checks: dict[int, Check] = {}
    for survey in surveys:
        check = cached.get(keys[survey.pk])
        if check is None:
            with _SOLVER:
                # Another thread may have checked the survey while this one waited.
                check = cache.get(keys[survey.pk])
                if check is None:
                    check = _PublishedTables(survey).settle()
                    cache.set(keys[survey.pk], check, timeout=None)
        checks[survey.pk] = check
    return checks


def _range(published: int | None, base: int) -> tuple[int, int]:
    """The true counts that the public description of the method allows for ``published``."""
    if published is None:
        return 0, base - 1
    return max(base, published - base + 1), published + base - 1


class _PublishedTables:
    """Every count one survey publishes, with the ranges the method's public description gives them and
    every identity between the tables, as integer constraints for the z3 solver: what a statistician
    with all the published numbers and the method would write down.

    Quantities: ``("N",)`` respondents; ``("A", q)`` answered question q; ``("C", q, v)`` chose value v;
    ``("S", q, b, g)`` answered q in group g of background question b (None: did not answer b);
    ``("D", q, b, g, v)`` chose v in that group. The main table publishes N, A and C (C only where A is
    shown); the breakdown by b publishes S and D (D only where S is shown) of every question but b."""

    def __init__(self, survey: Survey):
        self.base = conf.min_cell()
        self.secret = survey.disclosure_secret
        self.questions = [q for q in survey.questions.all() if q.kind != Question.Kind.TEXT]
        self.background = [q for q in self.questions if q.kind == Question.Kind.BACKGROUND]
        self.solver = z3.Solver()
        self.variables: dict[tuple, z3.ArithRef] = {}
        self.tallies: dict[tuple, selectors.Tally] = {}
        # (count, cell key) -> [(quantity, unit)]: the published figures of each cell; unit None is
        # the main table, a background question's id its breakdown.
        self.figures: dict[tuple[int, int], list[tuple[tuple, int | None]]] = defaultdict(list)
        self.literals: dict[tuple[tuple[int, int], int | None], z3.BoolRef] = {}
        if not self.questions:
            return  # only the number of respondents is published: one range pins nothing
        self.counts = selectors.result_counts(survey, self.questions)
        if self._hashed(self.counts.respondents) is None:
            return  # nothing but "fewer than 5" is published
        self.by = {b.pk: selectors.breakdown_counts(survey, b) for b in self.background}
        self._main_table()
        for b in self.background:
            self._breakdown(b)

    def _hashed(self, tally: selectors.Tally) -> int | None:
        return rounded(tally.count, tally.key_sum, secret=self.secret, base=self.base)

    def var(self, quantity: tuple) -> z3.ArithRef:
        if quantity not in self.variables:
            self.variables[quantity] = x = z3.Int("/".join(map(str, quantity)))
            self.solver.add(x >= 0)
        return self.variables[quantity]

    def _publish(self, quantity: tuple, tally: selectors.Tally, unit: int | None) -> int | None:
        self.var(quantity)
        self.tallies[quantity] = tally
        self.figures[(tally.count, tally.key_sum)].append((quantity, unit))
        return self._hashed(tally)

    def _main_table(self) -> None:
        counts = self.counts
        self._publish(("N",), counts.respondents, None)
        for q in self.questions:
            answered = counts.answered.get(q.pk, selectors.NO_ONE)
            if self._publish(("A", q.pk), answered, None) is None:
                continue
            for v in q.value_labels():
                self._publish(("C", q.pk, v), counts.cells.get(q.pk, {}).get(v, selectors.NO_ONE), None)

    def _breakdown(self, b: Question) -> None:
        counts = self.by[b.pk]
        for q in self.questions:
            answered = self.counts.answered.get(q.pk, selectors.NO_ONE)
            if q == b or self._hashed(answered) is None:
                continue  # not in the breakdown (breakdowns)
            for g in [*b.value_labels(), None]:
                size = counts.sizes.get((q.pk, g), selectors.NO_ONE)
                if self._publish(("S", q.pk, b.pk, g), size, b.pk) is None:
                    continue
                for v in q.value_labels():
                    cell = counts.cells.get((q.pk, g), {}).get(v, selectors.NO_ONE)
                    self._publish(("D", q.pk, b.pk, g, v), cell, b.pk)

    def _spread(self, total, parts, exclusive: bool) -> None:
        if exclusive:
            self.solver.add(z3.Sum(parts) == total)
        else:  # multiple choice: a respondent may be in several parts
            self.solver.add(z3.Sum(parts) >= total, *[part <= total for part in parts])

    def _identities(self) -> None:
        """What holds between the true counts whatever the answers (also for figures not published)."""
        n = self.var(("N",))
        for q in self.questions:
            values = list(q.value_labels())
            exclusive = q.kind != Question.Kind.MULTIPLE
            answered = self.var(("A", q.pk))
            # "Required" as the answers show it: a question made required later has older answers
            # without it, and an identity the true table breaks would make every count look pinned.
            required = q.required and self._truth(("A", q.pk)) == self.counts.respondents.count
            self.solver.add(answered == n if required else answered <= n)
            self._spread(answered, [self.var(("C", q.pk, v)) for v in values], exclusive)
            for b in self.background:
                if b == q:
                    continue
                groups = [*b.value_labels(), None]
                sizes = [self.var(("S", q.pk, b.pk, g)) for g in groups]
                self.solver.add(z3.Sum(sizes) == answered)
                for g, size in zip(groups, sizes, strict=True):
                    members = self.var(("C", b.pk, g)) if g is not None else n - self.var(("A", b.pk))
                    self.solver.add(size == members if required else size <= members)
                    self._spread(size, [self.var(("D", q.pk, b.pk, g, v)) for v in values], exclusive)
                for v in values:
                    self.solver.add(
                        z3.Sum([self.var(("D", q.pk, b.pk, g, v)) for g in groups])
                        == self.var(("C", q.pk, v))
                    )
                if q.kind == Question.Kind.BACKGROUND:  # the same people seen from both sides
                    for g in b.value_labels():
                        for v in values:
                            self.solver.add(
                                self.var(("D", q.pk, b.pk, g, v)) == self.var(("D", b.pk, q.pk, v, g))
                            )

    def _truth(self, quantity: tuple) -> int:
        """The true count of any quantity of the model, published or not."""
        if quantity in self.tallies:
            return self.tallies[quantity].count
        if quantity == ("N",):
            return self.counts.respondents.count
        kind, q, *rest = quantity
        if kind == "A":
            return self.counts.answered.get(q, selectors.NO_ONE).count
        if kind == "C":
            return self.counts.cells.get(q, {}).get(rest[0], selectors.NO_ONE).count
        b, g, *value = rest
        counts = self.by[b]
        if kind == "S":
            return counts.sizes.get((q, g), selectors.NO_ONE).count
        return counts.cells.get((q, g), {}).get(value[0], selectors.NO_ONE).count

    def _literal(self, cell: tuple[int, int], published: int | None) -> z3.BoolRef:
        """A switch for "the figures of this cell are published as ``published``"."""
        if (cell, published) not in self.literals:
            self.literals[(cell, published)] = switch = z3.Bool(f"cell{len(self.literals)}")
            low, high = _range(published, self.base)
            bounds = [
                z3.And(self.variables[q] >= low, self.variables[q] <= high) for q, _unit in self.figures[cell]
            ]
            self.solver.add(z3.Implies(switch, z3.And(bounds)))
        return self.literals[(cell, published)]

    def _first_pinned(self, switches: dict[z3.BoolRef, tuple[int, int]]) -> list[tuple[int, int]] | None:
        """The cells whose published ranges pin some true count from 1 to base - 1 to one value (the
        solver's proof), or None if every such count has another value in some table that agrees with
        everything published."""
        small = {q: t for q in self.variables if 1 <= (t := self._truth(q)) < self.base}
        free: set[tuple] = set()
        for quantity, value in small.items():
            if quantity in free:
                continue
            self.solver.push()
            self.solver.add(self.variables[quantity] != value)
            outcome = self.solver.check(*switches)
            if outcome == z3.sat:
                model = self.solver.model()
                free.update(q for q, v in small.items() if model.eval(self.variables[q]).as_long() != v)
                self.solver.pop()
                continue
            core = self.solver.unsat_core() if outcome == z3.unsat else list(switches)
            self.solver.pop()
            return [switches[switch] for switch in core if switch in switches]
        return None

    def settle(self) -> Check:
        """Find a publication in which no small count is pinned: while the solver pins one, round one
        of the cells in its proof the other way (each cell at most once; only a count of at least the
        base that is not a multiple of it has another way), or else withhold a breakdown in the proof.
        Each step either ends or uses up a cell or a breakdown, so this ends."""
        if not any(1 <= count < self.base for count, _key_sum in self.figures):
            # Every published count is 0 or at least the base, and so is every count it contains:
            # there is nothing to protect (a large survey ends here without asking the solver).
            return NOTHING_CHANGED
        self._identities()
        flipped: set[tuple[int, int]] = set()
        withheld: set[int] = set()
        while True:
            switches = {}
            for cell, figures in self.figures.items():
                if all(unit in withheld for _q, unit in figures):
                    continue
                published = self._hashed(selectors.Tally(*cell))
                if cell in flipped:
                    published = _other_way(cell[0], published)
                switches[self._literal(cell, published)] = cell
            proof = self._first_pinned(switches)
            if proof is None:
                return Check(flipped=frozenset(flipped), withheld_breakdowns=frozenset(withheld))
            proof.sort(key=lambda cell: min(self._order(q) for q, _unit in self.figures[cell]))
            other_way = [
                cell for cell in proof if cell not in flipped and cell[0] >= self.base and cell[0] % self.base
            ]
            if other_way:
                flipped.add(other_way[0])
                continue
            breakdowns = sorted(
                {unit for cell in proof for _q, unit in self.figures[cell] if unit is not None} - withheld
            )
            if not breakdowns:
                return Check(withheld=True)
            withheld.add(breakdowns[0])

    def _order(self, quantity: tuple) -> int:
        """Totals first: rounding a total the other way loosens every identity it is in."""
        return "NASCD".index(quantity[0])


class Protector:
    """Turns the true counts of one survey into the numbers that may be shown."""

    def __init__(self, survey: Survey, *, exact: bool = False, check: Check | None = None):
        self.secret = survey.disclosure_secret
        self.exact = exact
        self.base = conf.min_cell()
        if check is None:
            check = NOTHING_CHANGED if exact else publication_check(survey)
        self.check = check

    def count(self, tally: selectors.Tally) -> int | None:
        if self.exact:
            return tally.count
        return _published(tally, secret=self.secret, check=self.check)


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
    check: Check = NOTHING_CHANGED

    @property
    def below(self) -> bool:
        return self.n is None and not self.withheld

    @property
    def withheld(self) -> bool:
        """No figure is shown: together they would let a small count be worked out."""
        return self.check.withheld

    @property
    def withheld_breakdowns(self) -> frozenset[int]:
        return self.check.withheld_breakdowns


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
    withheld: bool = False  # the month's figures are withheld by the publication check
    lang_attr: str = ""  # ' lang="fi"' for a title shown untranslated (kuulluksi.languages)


_WITHHELD_SURVEY = gettext_lazy(
    "The figures of this survey are not published: together they would let a small number of answers "
    "be worked out."
)


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
    if protect.check.withheld:
        return SurveyResults(
            survey=survey, n=None, questions=[], base=protect.base, exact=exact, check=protect.check
        )
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
    return SurveyResults(
        survey=survey, n=n, questions=results, base=protect.base, exact=exact, check=protect.check
    )


def breakdowns(results: SurveyResults, by: Question) -> list[tuple[Question, list[BreakdownGroup]]]:
    """Every shown question of ``results`` by the groups of background question ``by`` (exact only
    if ``results`` are); nothing if the publication check withholds this breakdown."""
    if by.pk in results.withheld_breakdowns:
        return []
    protect = Protector(results.survey, exact=results.exact, check=results.check)
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
    months = selectors.trend_counts(keys, year=year)
    surveys = list(Survey.objects.filter(pk__in={month.survey_id for month in months})) if months else []
    checks = _checks_of(surveys)
    # Each month by its survey's title in the reader's language (the counts' query reads the Finnish one).
    titles = {survey.pk: (survey.title, survey.lang_attr["title"]) for survey in surveys}
    for month in months:
        check = checks[month.survey_id]
        title, lang_attr = titles[month.survey_id]
        if check.withheld:
            trends[month.key].append(
                TrendPoint(
                    survey_id=month.survey_id,
                    title=title,
                    opens_at=month.opens_at,
                    n=None,
                    mean=None,
                    below=False,
                    withheld=True,
                    lang_attr=lang_attr,
                )
            )
            continue
        answered = _published(month.answered, secret=month.secret, check=check)
        published = {
            value: _published(tally, secret=month.secret, check=check)
            for value, tally in month.cells.items()
            if month.type.in_average(value)
        }
        used = {value: count for value, count in published.items() if count}
        total = sum(used.values())
        mean = round(sum(value * count for value, count in used.items()) / total, 2) if total else None
        trends[month.key].append(
            TrendPoint(
                survey_id=month.survey_id,
                title=title,
                opens_at=month.opens_at,
                n=total if answered is not None else None,
                mean=mean if answered is not None else None,
                below=answered is None,
                lang_attr=lang_attr,
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
    rows: list[list[object]] = [[note]]
    if results.withheld:
        rows.append([_WITHHELD_SURVEY])
        return rows
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
