"""An attacker's tools against published eRaati results, kept apart from the code they attack.

``collect`` reads every number a survey publishes the way anyone can: it fetches the results page,
every breakdown (``?by=``), the CSV and XLSX exports and, optionally, an annual-report page through the
Django test client and parses the numbers out of the HTML and the files. ``Attack`` gives them, with
the published method and every linear identity between the tables, to the z3 solver and asks, for each
true count from 1 to 4, whether another table consistent with everything published gives it another
value. Nothing here calls ``eraati.disclosure``: the method is modelled from its public description
("a count is rounded at random up or down to a multiple of 5; 0 to 4 is shown as fewer than 5").
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

import z3
from bs4 import BeautifulSoup
from django.urls import reverse
from openpyxl import load_workbook

from eraati.models import Answer, Response, Survey

BASE = 5
FEWER = "alle 5"
NOT_ANSWERED = "Ei vastannut"


def feasible(published: int | None) -> tuple[int, int]:
    """True counts that the public method can publish as ``published`` (None: "fewer than 5")."""
    if published is None:
        return 0, BASE - 1
    return max(BASE, published - BASE + 1), published + BASE - 1


def _number(text: str) -> float:
    return float(text.strip().replace("\xa0", "").replace(",", "."))


def _count(text: str) -> int | None:
    text = text.strip()
    if text.startswith(FEWER):
        return None
    if not re.fullmatch(r"\d+", text):
        raise AssertionError(f"unexpected count {text!r}")
    return int(text)


@dataclass
class Published:
    """Everything read from the public pages and files of one survey."""

    counts: list[tuple[tuple, int | None, str]] = field(default_factory=list)  # quantity, value, where
    percents: list[tuple[tuple, tuple, float, str]] = field(default_factory=list)  # cell, base, %, where
    medians: list[tuple[int, float, str]] = field(default_factory=list)  # question id, median, where
    trends: list[tuple[str, str, int | None, float | None]] = field(default_factory=list)

    def add(self, quantity: tuple, value: int | None, where: str) -> None:
        self.counts.append((quantity, value, where))


class _Questionnaire:
    def __init__(self, survey: Survey):
        self.questions = [q for q in survey.questions.all() if not q.type.free_text]
        self.by_text = {q.text: q for q in self.questions}
        self.labels = {
            q.pk: {str(label): value for value, label in q.value_labels().items()} for q in self.questions
        }
        self.background = [q for q in self.questions if q.type.groups_results]


def _question_sections(soup, questionnaire, published, where):
    """The per-question sections of a results page or a report block."""
    for section in soup.select("section.question-result"):
        question = questionnaire.by_text.get(section.h3.get_text(strip=True))
        if question is None:
            continue  # free text
        if section.select_one("p.suppressed"):
            published.add(("A", question.pk), None, where)
            continue
        help_text = section.select_one("p.help").get_text(" ", strip=True)
        n = int(re.search(r"(\d+) ihmi", help_text).group(1))
        published.add(("A", question.pk), n, where)
        median = re.search(r"mediaani: ([\d,]+)", help_text)
        if median:
            published.medians.append((question.pk, _number(median.group(1)), where))
        labels = questionnaire.labels[question.pk]
        for row in section.select("table.results-table tbody tr"):
            value = labels[row.th.get_text(strip=True)]
            cells = row.find_all("td")
            count = _count(cells[0].get_text())
            published.add(("C", question.pk, value), count, where)
            if count is not None:
                published.percents.append(
                    (("C", question.pk, value), ("A", question.pk), _number(cells[1].get_text()), where)
                )
        for text in section.select("svg.bar-chart text"):
            label, _sep, shown = text.get_text(strip=True).rpartition(": ")
            if not shown.startswith(FEWER):
                published.percents.append(
                    (
                        ("C", question.pk, labels[label]),
                        ("A", question.pk),
                        _number(shown.rstrip(" \u00a0%")),
                        where,
                    )
                )


def _trend_tables(soup, published, where):
    for table in soup.select("table.trend-table"):
        key = re.search(r"[“”](.+)”", table.caption.get_text()).group(1)
        for row in table.select("tbody tr"):
            cells = row.find_all("td")
            title = row.th.get_text(strip=True)
            if len(cells) == 1:
                published.trends.append((key, title, None, None))
            else:
                published.trends.append((key, title, int(cells[0].get_text()), _number(cells[1].get_text())))


def collect(client, survey: Survey, *, report_url: str | None = None) -> Published:
    """Every number the public can read about ``survey`` (and the report page, if given)."""
    questionnaire = _Questionnaire(survey)
    published = Published()
    url = reverse("eraati:results", args=[survey.slug])
    page = client.get(url)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    lead = soup.select_one("p.lead").get_text(" ", strip=True)
    published.add(("N",), int(re.search(r"(\d+) ihmi", lead).group(1)), "page")
    _question_sections(soup, questionnaire, published, "page")
    _trend_tables(soup, published, "page")

    for by in questionnaire.background:
        soup = BeautifulSoup(client.get(url, {"by": by.pk}).content.decode(), "html.parser")
        group_of = {**questionnaire.labels[by.pk], NOT_ANSWERED: None}
        for section in soup.select("section.question-result"):
            question = questionnaire.by_text[section.h3.get_text(strip=True)]
            labels = questionnaire.labels[question.pk]
            for row in section.select("tbody tr"):
                group = group_of[row.th.get_text(strip=True)]
                cells = row.find_all("td")
                size = _count(cells[0].get_text())
                published.add(("S", question.pk, by.pk, group), size, f"by {by.key}")
                if size is None:
                    continue
                for item in cells[1].select("li"):
                    label, _sep, shown = item.get_text().strip().rpartition(": ")
                    match = re.fullmatch(r"(\d+) \(([\d,]+)\s%\)", shown)
                    quantity = ("D", question.pk, by.pk, group, labels[label])
                    if match:
                        published.add(quantity, int(match.group(1)), f"by {by.key}")
                        published.percents.append(
                            (quantity, ("S", question.pk, by.pk, group), _number(match.group(2)), "by")
                        )
                    else:
                        published.add(quantity, _count(shown), f"by {by.key}")

    by_key = {q.key: q for q in questionnaire.questions}
    csv_file = client.get(reverse("eraati:results_export", args=[survey.slug, "csv"]))
    xlsx_file = client.get(reverse("eraati:results_export", args=[survey.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx_file.content)).active
    for where, rows in (
        ("csv", list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))),
        (
            "xlsx",
            [["" if cell.value is None else str(cell.value) for cell in row] for row in sheet.iter_rows()],
        ),
    ):
        for row in rows:
            question = by_key.get(row[0]) if len(row) == 6 else None
            if question is None:
                continue
            answered = _count(row[5])
            published.add(("A", question.pk), answered, where)
            if answered is None:
                continue
            value = questionnaire.labels[question.pk][row[2]]
            count = _count(row[3])
            published.add(("C", question.pk, value), count, where)
            if count is not None:
                published.percents.append(
                    (("C", question.pk, value), ("A", question.pk), _number(row[4]), where)
                )

    if report_url:
        soup = BeautifulSoup(client.get(report_url).content.decode(), "html.parser")
        for block in soup.select("div.report-results"):
            if block.h2.get_text(strip=True) == survey.title:
                help_text = block.select_one("p.help").get_text(" ", strip=True)
                published.add(("N",), int(re.search(r"(\d+) ihmi", help_text).group(1)), "report")
                _question_sections(block, questionnaire, published, "report")
        _trend_tables(soup, published, "report")
    return published


def true_counts(survey: Survey) -> dict[tuple, int]:
    """The true value of every quantity the model knows, counted from the stored rows in Python."""
    questionnaire = _Questionnaire(survey)
    kinds = {q.pk: q for q in questionnaire.questions}
    answers = defaultdict(lambda: defaultdict(set))  # response -> question -> values
    for response_id, question_id, value in Answer.objects.filter(question__survey=survey).values_list(
        "response_id", "question_id", "value"
    ):
        if question_id in kinds and value is not None:
            answers[response_id][question_id].add(value)
    truth: dict[tuple, int] = defaultdict(int)
    truth[("N",)] = Response.objects.filter(survey=survey).count()
    for response in Response.objects.filter(survey=survey).values_list("id", flat=True):
        mine = answers[response]
        for question in questionnaire.questions:
            truth[("A", question.pk)] += bool(mine[question.pk])
            for value in mine[question.pk]:
                truth[("C", question.pk, value)] += 1
            for by in questionnaire.background:
                if by == question:
                    continue
                group = next(iter(mine[by.pk]), None)
                truth[("S", question.pk, by.pk, group)] += bool(mine[question.pk])
                for value in mine[question.pk]:
                    truth[("D", question.pk, by.pk, group, value)] += 1
    return truth


class Attack:
    """The published numbers and the identities between them as integer constraints for z3."""

    def __init__(self, survey: Survey, published: Published):
        self.questionnaire = _Questionnaire(survey)
        self.solver = z3.Solver()
        self.variables: dict[tuple, z3.ArithRef] = {}
        self.published = published
        for quantity, value, _where in published.counts:
            low, high = feasible(value)
            x = self.var(quantity)
            self.solver.add(x >= low, x <= high)
        self._identities()

    def var(self, quantity: tuple) -> z3.ArithRef:
        if quantity not in self.variables:
            self.variables[quantity] = x = z3.Int("/".join(map(str, quantity)))
            self.solver.add(x >= 0)
        return self.variables[quantity]

    def _spread(self, total, parts, exclusive: bool):
        if exclusive:
            self.solver.add(z3.Sum(parts) == total)
        else:
            self.solver.add(z3.Sum(parts) >= total, *[part <= total for part in parts])

    def _identities(self):
        n = self.var(("N",))
        for question in self.questionnaire.questions:
            values = list(question.value_labels())
            exclusive = question.type.exclusive
            answered = self.var(("A", question.pk))
            self.solver.add(answered == n if question.required else answered <= n)
            self._spread(answered, [self.var(("C", question.pk, v)) for v in values], exclusive)
            for by in self.questionnaire.background:
                if by == question:
                    continue
                groups = [*by.value_labels(), None]
                sizes = [self.var(("S", question.pk, by.pk, g)) for g in groups]
                self.solver.add(z3.Sum(sizes) == answered)
                for g, size in zip(groups, sizes, strict=True):
                    members = self.var(("C", by.pk, g)) if g is not None else n - self.var(("A", by.pk))
                    self.solver.add(size == members if question.required else size <= members)
                    self._spread(size, [self.var(("D", question.pk, by.pk, g, v)) for v in values], exclusive)
                for v in values:
                    self.solver.add(
                        z3.Sum([self.var(("D", question.pk, by.pk, g, v)) for g in groups])
                        == self.var(("C", question.pk, v))
                    )
                if question.type.groups_results:  # the same people seen from both sides
                    for g in by.value_labels():
                        for v in values:
                            self.solver.add(
                                self.var(("D", question.pk, by.pk, g, v))
                                == self.var(("D", by.pk, question.pk, v, g))
                            )

    def consistent_with(self, truth: dict[tuple, int]) -> bool:
        """Whether the true table satisfies the model (else the model or the parsing is wrong)."""
        self.solver.push()
        self.solver.add(*[x == truth.get(q, 0) for q, x in self.variables.items()])
        result = self.solver.check() == z3.sat
        self.solver.pop()
        return result

    def determined_small_cells(self, truth: dict[tuple, int]) -> list[tuple[tuple, int]]:
        """Every quantity whose true value is 1..4 and that no consistent table gives another value."""
        protected = {q: truth.get(q, 0) for q in self.variables if 1 <= truth.get(q, 0) < BASE}
        shown_free: set[tuple] = set()
        determined = []
        for quantity, value in protected.items():
            if quantity in shown_free:
                continue
            self.solver.push()
            self.solver.add(self.variables[quantity] != value)
            if self.solver.check() == z3.sat:
                model = self.solver.model()
                shown_free.update(
                    q for q, v in protected.items() if model.eval(self.variables[q]).as_long() != v
                )
            else:
                determined.append((quantity, value))
            self.solver.pop()
        return determined


def published_values_agree(published: Published) -> list[str]:
    """Every count is one the method can publish (a multiple of 5 from 5 up, or "fewer than 5"), every
    place that shows the same quantity shows the same value, and every percentage is computed from
    published counts only. Returns what disagrees (empty: nothing)."""
    problems = []
    seen: dict[tuple, tuple[int | None, str]] = {}
    for quantity, value, where in published.counts:
        if value is not None and (value % BASE or value < BASE):
            problems.append(f"{quantity}: {value} in {where} is not a count the method publishes")
        if quantity in seen and seen[quantity][0] != value:
            problems.append(f"{quantity}: {seen[quantity]} and {value} in {where}")
        seen.setdefault(quantity, (value, where))
    for cell, base, percent, where in published.percents:
        expected = round(100 * seen[cell][0] / seen[base][0], 1)
        if abs(expected - percent) > 0.051:
            problems.append(f"{cell} {percent} % in {where}, published counts give {expected}")
    return problems
