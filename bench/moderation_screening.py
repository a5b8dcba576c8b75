"""Median time to screen a 2,000-character message against 2,000 watched terms.

Compares the compiled matcher (normalisation + one trie-shaped regular expression) with a naive
baseline on the same text in the same run: ``text.lower()`` and ``term in text`` for every term
(which finds no inflections, no evasions and respects no word boundaries).

    PYTHONPATH=site:. .venv/bin/python bench/moderation_screening.py
"""

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from moderation.screening import Matcher, TermSpec  # noqa: E402

SYLLABLES = [
    "ka",
    "ta",
    "pa",
    "lo",
    "mi",
    "su",
    "ri",
    "ne",
    "vä",
    "hö",
    "ku",
    "jo",
    "sa",
    "te",
    "li",
    "mu",
    "ny",
    "rä",
]
TEXT_WORDS = [
    "sosiaalitoimisto",
    "päätös",
    "toimeentulotuki",
    "hakemus",
    "käsittely",
    "kestää",
    "liian",
    "kauan",
    "asiakas",
    "palvelu",
    "kaupunki",
    "päättäjät",
    "eivät",
    "kuuntele",
    "köyhiä",
    "rasismi",
    "on",
    "väärin",
    "maahanmuuttajien",
    "palvelut",
    "ovat",
    "huonot",
    "kokemusasiantuntija",
    "kertoi",
    "kokemuksistaan",
    "keskustelu",
    "jatkui",
    "pitkään",
    "ja",
    "kaikki",
    "saivat",
    "puheenvuoron",
    "kela",
    "lähetti",
    "kirjeen",
    "jossa",
    "luki",
    "että",
    "tuki",
    "evätään",
    "vaikka",
    "vuokra",
    "on",
    "maksamatta",
]


def make_terms(count: int, rng: random.Random) -> list[TermSpec]:
    terms, seen = [], set()
    while len(terms) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word in seen:
            continue
        seen.add(word)
        roll = rng.random()
        if roll < 0.05:
            word += " " + "".join(rng.choice(SYLLABLES) for _ in range(3))
        mode = "inflected" if roll < 0.8 else ("anywhere" if roll < 0.9 else "exact")
        terms.append(TermSpec(len(terms), word, mode, rng.choice(["block", "hold", "flag"]), "bench"))
    return terms


def make_text(length: int, rng: random.Random) -> str:
    words = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(TEXT_WORDS))
    return " ".join(words)[:length]


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rng = random.Random(2026)
    terms = make_terms(2000, rng)
    text = make_text(2000, rng)
    build_start = time.perf_counter()
    matcher = Matcher(terms)
    build_seconds = time.perf_counter() - build_start
    plain_terms = [t.term for t in terms]

    def baseline():
        lowered = text.lower()
        return [term for term in plain_terms if term in lowered]

    matcher.find(text)  # warm up
    repeat = 2000
    ours = median_seconds(lambda: matcher.find(text), repeat)
    naive = median_seconds(baseline, repeat)
    with_hits = text[:1900] + " ryssät " + plain_terms[0] + "t ja " + plain_terms[1]
    hits_matcher = Matcher([*terms, TermSpec(99999, "ryssä", "inflected", "block", "bench")])
    ours_hits = median_seconds(lambda: hits_matcher.find(with_hits), repeat)
    print(
        json.dumps(
            {
                "terms": len(terms),
                "text_chars": len(text),
                "build_ms": round(build_seconds * 1000, 1),
                "matcher_median_ms": round(ours * 1000, 3),
                "matcher_with_3_hits_median_ms": round(ours_hits * 1000, 3),
                "baseline_lower_in_median_ms": round(naive * 1000, 3),
                "ratio_matcher_to_baseline": round(ours / naive, 2),
                "repeat": repeat,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
