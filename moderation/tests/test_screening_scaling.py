"""Screening is linear in the input: adversarial texts of 10,000+ characters for every normalisation step.

Each case feeds one step of ``normalize`` (and the matcher after it) the input that made a regular
expression backtrack, or that would if the step were written naively. See ``tests/scaling.py``.
"""

import pytest

from moderation.screening import Matcher, TermSpec, normalize
from tests.scaling import assert_linear, repeat_to

ADVERSARIAL_UNITS = {
    "html entities": "&amp;&#",
    "NFKC (fullwidth letters)": "\uff2e\uff25",
    "look-alike letters": "\u0430\u0435",
    "zero-width characters": "a\u200b",
    "markup: lone <": "<",
    "markup: unclosed tags": "<a",
    "markup: block tags": "<p ",
    "leet symbols": "a$",
    "leet digits": "1a",
    "spaced letters": "a ",
    "letters split by punctuation": "a.",
    "separator runs between letters": "a.,-/|+ ",
    "joiner: .": ".",
    "joiner: *": "*",
    "joiner: _": "_",
    "joiner: ~": "~",
    "joiner: '": "'",
    "joiner: \u2019": "\u2019",
    "joiner: ·": "·",
    "joiner: |": "|",
    "joiner: `": "`",
    "mixed joiners": ".*_`",
    "letter run": "n",
    "letter run of a term's letter": "e",
    "repeated exception, words": "pakistan ",
    "repeated exception, one word": "pakistan",
    "repeated anywhere exception, one word": "nekrologi",
    "repeated term, one word": "neekeri",
    "almost a term": "neeker ",
}


@pytest.fixture(scope="module")
def matcher():
    return Matcher(
        [
            TermSpec(1, "neekeri", "anywhere", "block", "test"),
            TermSpec(2, "ryssä", "inflected", "block", "test"),
            TermSpec(3, "paki", "inflected", "hold", "test", exceptions=("pakistan",)),
            TermSpec(4, "nekru", "anywhere", "hold", "test", exceptions=("nekrologi",)),
            TermSpec(5, "kike", "exact", "flag", "test"),
            TermSpec(6, "tapan sinut", "exact", "block", "test"),
        ]
    )


# The cases reported first run in every test run; the whole list (about half a minute) with the slow tests.
QUICK = {"joiner: .", "letter run", "repeated exception, one word"}
CASES = [
    pytest.param(unit, marks=() if name in QUICK else pytest.mark.slow)
    for name, unit in ADVERSARIAL_UNITS.items()
]


@pytest.mark.parametrize("unit", CASES, ids=ADVERSARIAL_UNITS.keys())
def test_normalize_is_linear(unit):
    assert_linear(normalize, lambda length: repeat_to(unit, length))


@pytest.mark.parametrize("unit", CASES, ids=ADVERSARIAL_UNITS.keys())
def test_matching_is_linear(matcher, unit):
    assert_linear(matcher.find, lambda length: repeat_to(unit, length))


def test_the_long_inputs_are_still_screened(matcher):
    """Linear, and still right: the term inside a run of joiners or letters is found."""
    assert matcher.find("." * 10_000 + " nee.keri " + "n" * 10_000)
    assert not matcher.find("pakistan" * 2_000)
    assert matcher.find("pakistan " * 2_000 + "paki")  # ("pakit" is the Finnish word for toolboxes)
