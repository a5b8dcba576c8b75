"""Screening on the evaluation corpus, and its speed against the matcher without Finnish analysis.

1. Precision, recall and false-positive rate per language and class of ``testing/screening_corpus.tsv``,
   with the shipped watch lists (``moderation/data/watchlists.json``) and the analysis backend in use.
2. Speed: the median time to screen a 2,000-character message against 2,000 terms with a warm cache,
   for the matcher with Voikko analysis, for the same matcher without it (the Snowball fallback), and
   for the matcher before Finnish analysis (``moderation/screening.py`` at ``BASELINE_COMMIT``, read
   with ``git show``), all built in the same run. The corpus is scored by that baseline too.

    PYTHONPATH=site:. .venv/bin/python bench/screening_corpus.py [--misses]
"""

import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulluksi.settings")

import django  # noqa: E402

django.setup()

from kuulluksi import finnish  # noqa: E402
from moderation.defaults import read  # noqa: E402
from moderation.screening import Matcher, TermMatch, TermSpec  # noqa: E402
from moderation.services.matching import result_of  # noqa: E402
from testing import screening_corpus  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from moderation_screening import make_terms, make_text  # noqa: E402

# The last commit whose matcher had no Finnish analysis.
BASELINE_COMMIT = "947b0af"


def baseline_module():
    """``moderation/screening.py`` as it was at ``BASELINE_COMMIT``, loaded as a module of its own."""
    source = subprocess.run(
        ["git", "show", f"{BASELINE_COMMIT}:moderation/screening.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader("baseline_screening", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_screening"] = module
    exec(compile(source, "baseline_screening.py", "exec"), module.__dict__)  # noqa: S102 - our own history
    return module


def shipped_specs() -> list[TermSpec]:
    rules = {}
    specs = []
    for watch_list in read("watchlists.json"):
        rules.setdefault(watch_list["rule"], len(rules) + 1)
        for term in watch_list["terms"]:
            specs.append(
                TermSpec(
                    len(specs),
                    term["term"],
                    term["match"],
                    watch_list["action"],
                    watch_list["name"],
                    rule_id=rules[watch_list["rule"]],
                    rule_number=watch_list["rule"],
                    exceptions=tuple(term.get("exceptions", ())),
                )
            )
    return specs


def rounded(value):
    return None if value is None else round(value, 3)


def score_dict(score) -> dict:
    return {
        "lines": score.total,
        "precision": rounded(score.precision),
        "recall": rounded(score.recall),
        "false_positive_rate": rounded(score.false_positive_rate),
        "false_blocks": score.false_blocks,
        "outcome_as_expected": rounded(score.exact / score.total),
    }


def medians_ms(functions: list, repeat: int) -> list[float]:
    """Median time of each function, run in turn (so that a busy spell of the machine hits all alike)."""
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function()
            times[index].append(time.perf_counter() - start)
    return [statistics.median(each) * 1000 for each in times]


def corpus_scores(show_misses: bool, matcher_class=Matcher) -> dict:
    matcher = matcher_class(shipped_specs())
    evaluation = screening_corpus.evaluate(lambda text: result_of(matcher.find(text)).action)
    by_language: dict[str, screening_corpus.Score] = {}
    for line in screening_corpus.lines():
        outcome = result_of(matcher.find(line.text)).action
        by_language.setdefault(line.language, screening_corpus.Score()).add(line, outcome)
    if show_misses:
        for line, outcome in evaluation.misses:
            print(
                f"{outcome}\t{line.label}/{line.expected}\t{line.language}\t{line.kind}\t{line.text}",
                file=sys.stderr,
            )
    return {
        "overall": score_dict(evaluation.overall),
        "by_language": {language: score_dict(score) for language, score in sorted(by_language.items())},
        "by_language_and_class": {
            f"{language}/{kind}": score_dict(score)
            for (language, kind), score in sorted(evaluation.by_group.items())
        },
    }


def speed(baseline) -> dict:
    rng = random.Random(2026)
    terms = make_terms(2000, rng)
    text = make_text(2000, rng)
    repeat = 1000
    before = baseline.Matcher([baseline.TermSpec(**vars(term)) for term in terms])
    before.find(text)
    finnish.use_backend(finnish.SNOWBALL)
    surface = Matcher(terms)
    surface.find(text)
    finnish.use_backend()
    analysed = Matcher(terms)
    analysed.find(text)  # warms the analysis cache
    analysed_ms, surface_ms, before_ms = medians_ms(
        [lambda: analysed.find(text), lambda: surface.find(text), lambda: before.find(text)], repeat
    )
    finnish.analyze.cache_clear()
    from moderation import screening

    screening._lexical_by_backend.cache_clear()
    cold_start = time.perf_counter()
    analysed.find(text)
    cold_ms = (time.perf_counter() - cold_start) * 1000
    return {
        "terms": len(terms),
        "text_chars": len(text),
        "backend": finnish.backend(),
        "with_analysis_p50_ms": round(analysed_ms, 3),
        "surface_only_p50_ms": round(surface_ms, 3),
        "before_analysis_p50_ms": round(before_ms, 3),
        "ratio_to_before_analysis": round(analysed_ms / before_ms, 2),
        "ratio_to_surface_only": round(analysed_ms / surface_ms, 2),
        "with_analysis_cold_cache_ms": round(cold_ms, 3),
        "repeat": repeat,
    }


def _baseline_matcher_class(baseline):
    """The baseline matcher, taking this module's ``TermSpec`` (same fields)."""

    class BaselineMatcher(baseline.Matcher):
        def __init__(self, specs):
            super().__init__([baseline.TermSpec(**vars(spec)) for spec in specs])

        def find(self, text):
            return [TermMatch(**vars(match)) for match in super().find(text)]

    return BaselineMatcher


def main() -> None:
    backend = finnish.backend()
    baseline = baseline_module()
    result = {
        "backend": backend,
        "corpus": corpus_scores("--misses" in sys.argv),
        "corpus_before_analysis": corpus_scores(False, _baseline_matcher_class(baseline))["overall"],
        "speed": speed(baseline),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
