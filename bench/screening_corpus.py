"""Screening on the evaluation corpus, and its speed against the matcher without Finnish analysis.

1. Precision, recall and false-positive rate per language and class of ``testing/screening_corpus.tsv``,
   with the shipped watch lists (``moderation/data/watchlists.json``) and the analysis backend in use.
2. Speed: the median time to screen a 2,000-character message against 2,000 terms with a warm cache,
   for the matcher with Voikko analysis and for the surface-only matcher (the Snowball fallback, which is
   today's matcher: normalisation and the tries) built in the same run.

    PYTHONPATH=site:. .venv/bin/python bench/screening_corpus.py [--misses]
"""

import json
import os
import random
import statistics
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
from moderation.screening import Matcher, TermSpec  # noqa: E402
from moderation.services.matching import result_of  # noqa: E402
from testing import screening_corpus  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from moderation_screening import make_terms, make_text  # noqa: E402


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


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def corpus_scores(show_misses: bool) -> dict:
    matcher = Matcher(shipped_specs())
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


def speed() -> dict:
    rng = random.Random(2026)
    terms = make_terms(2000, rng)
    text = make_text(2000, rng)
    repeat = 1000
    finnish.use_backend(finnish.SNOWBALL)
    surface = Matcher(terms)
    surface.find(text)
    finnish.use_backend()
    analysed = Matcher(terms)
    analysed.find(text)  # warms the analysis cache
    analysed_ms = median_ms(lambda: analysed.find(text), repeat)
    surface_ms = median_ms(lambda: surface.find(text), repeat)
    finnish.analyze.cache_clear()
    from moderation import screening

    screening._lexical.cache_clear()
    cold_start = time.perf_counter()
    analysed.find(text)
    cold_ms = (time.perf_counter() - cold_start) * 1000
    return {
        "terms": len(terms),
        "text_chars": len(text),
        "backend": finnish.backend(),
        "with_analysis_p50_ms": round(analysed_ms, 3),
        "surface_only_p50_ms": round(surface_ms, 3),
        "ratio_to_surface_only": round(analysed_ms / surface_ms, 2),
        "with_analysis_cold_cache_ms": round(cold_ms, 3),
        "repeat": repeat,
    }


def main() -> None:
    backend = finnish.backend()
    result = {"backend": backend, "corpus": corpus_scores("--misses" in sys.argv), "speed": speed()}
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
