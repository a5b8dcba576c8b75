"""The screening evaluation corpus (``testing/screening_corpus.tsv``) and its scores.

Each line is labelled by what it is, not by what the matcher does: ``hostile`` (breaks a rule: a slur
in any case, number, compound or disguise, a threat), ``reported`` (quotes or reports a slur, or
discusses the word: a moderator decides, so it must never be blocked nor pass unread) or ``benign``
(harsh criticism, neutral discussion of racism and immigration, place and personal names, words that
contain a term, ordinary sentences from the seed documents). ``expected`` is the outcome the product
wants: block, review or allow. The test (``moderation/tests/test_screening_corpus.py``) and the bench
(``bench/screening_corpus.py``) score the same way.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "screening_corpus.tsv"
HOSTILE, REPORTED, BENIGN = "hostile", "reported", "benign"
ALLOW, REVIEW, BLOCK = "allow", "review", "block"


@dataclass(frozen=True)
class Line:
    label: str
    expected: str
    language: str
    kind: str
    text: str


def lines() -> list[Line]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(
            (row for row in handle if not row.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE
        )
        next(rows)  # the header
        return [Line(*row) for row in rows]


@dataclass
class Score:
    """Counts over some lines: a *positive* is a line that must not pass unread (hostile or reported)."""

    true_positives: int = 0
    false_negatives: int = 0
    false_positives: int = 0
    true_negatives: int = 0
    false_blocks: int = 0  # a line blocked that should not be (reported or benign)
    exact: int = 0  # outcome as expected
    total: int = 0

    def add(self, line: Line, outcome: str) -> None:
        self.total += 1
        self.exact += outcome == line.expected
        positive = line.label != BENIGN
        caught = outcome != ALLOW
        if positive:
            self.true_positives += caught
            self.false_negatives += not caught
        else:
            self.false_positives += caught
            self.true_negatives += not caught
        self.false_blocks += outcome == BLOCK and line.expected != BLOCK

    @property
    def recall(self) -> float | None:
        positives = self.true_positives + self.false_negatives
        return self.true_positives / positives if positives else None

    @property
    def precision(self) -> float | None:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else None

    @property
    def false_positive_rate(self) -> float | None:
        negatives = self.false_positives + self.true_negatives
        return self.false_positives / negatives if negatives else None


@dataclass
class Evaluation:
    overall: Score
    by_group: dict[tuple[str, str], Score]  # (language, class)
    misses: list[tuple[Line, str]]  # lines whose outcome is wrong: missed, falsely caught or falsely blocked


def evaluate(outcome_of: Callable[[str], str], corpus: Iterable[Line] | None = None) -> Evaluation:
    """Score ``outcome_of(text) -> allow/review/block`` on the corpus."""
    overall, groups, misses = Score(), {}, []
    for line in corpus if corpus is not None else lines():
        outcome = outcome_of(line.text)
        overall.add(line, outcome)
        groups.setdefault((line.language, line.kind), Score()).add(line, outcome)
        wrong_side = (outcome == ALLOW) != (line.label == BENIGN)
        if wrong_side or (outcome == BLOCK and line.expected != BLOCK):
            misses.append((line, outcome))
    return Evaluation(overall, groups, misses)
