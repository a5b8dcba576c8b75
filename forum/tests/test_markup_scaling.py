"""Rendering is linear in the input: pathological Markdown of 10,000+ characters.

Python-Markdown took 46 s for 10,000 ``[`` (and a worker with it). Each case repeats one unit up to
the input size; ``tests/scaling.py`` fails the case when four times the input takes more than eight
times as long. The units are the known worst cases of Markdown parsers: unclosed brackets and
delimiters, nesting of every kind, and runs of markup characters.
"""

import pytest

from forum import markup
from tests.scaling import assert_linear, repeat_to

PATHOLOGICAL_UNITS = {
    "[": "[",
    "]": "]",
    "*": "*",
    "_": "_",
    "`": "`",
    "<": "<",
    ">": ">",
    "!": "!",
    "\\": "\\",
    "&": "&",
    "unclosed links": "[a](",
    "empty links": "[](",
    "unclosed link titles": '[a](b "',
    "nested brackets": "[[]",
    "link text that never closes": "[a ",
    "reference-like labels": "[a]: ",
    "image syntax": "![",
    "nested images": "[![",
    "brackets and parentheses": "[(](",
    "emphasis openers": "*a ",
    "underscore openers": "_a ",
    "strong and emphasis mixed": "**a _",
    "delimiter alternation": "*_",
    "backtick runs of growing length": "` `` ``` ",
    "code span openers": "`a ",
    "autolink openers": "<a:",
    "autolinks to e-mail": "<a@",
    "angle brackets": "<>",
    "nested quotes on one line": "> ",
    "quote lines": "> a\n",
    "nested list items": "- ",
    "list lines": "- a\n",
    "ordered list lines": "1. a\n",
    "quotes in lists": "> - ",
    "indented lines": "    a\n",
    "fences": "```\n",
    "hard line breaks": "a  \n",
    "entities": "&#",
    "bare addresses": "http://a.b ",
    "dots": "a.",
    "e-mail-like text": "a@b.",
    "paragraphs with emphasis": "*a*\n\n",
    "paragraphs with links": "[a](https://b.fi)\n\n",
    "list items with links": "- [a](https://b.fi)\n",
    "quotes one after another": "> a\n\n",
    "code blocks one after another": "```\na\n```\n",
    "emphasis one after another": "*a* ",
}


# The case that took 46 s runs in every test run; the whole list (about a minute) with the slow tests.
QUICK = {"[", "paragraphs with links"}


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param(unit, marks=() if name in QUICK else pytest.mark.slow)
        for name, unit in PATHOLOGICAL_UNITS.items()
    ],
    ids=PATHOLOGICAL_UNITS.keys(),
)
def test_rendering_is_linear(unit):
    assert_linear(markup.render, lambda length: repeat_to(unit, length))


@pytest.mark.slow
def test_growing_nesting_is_linear():
    """Each line one level deeper, as quotes and list items: flattened, not followed down."""
    assert_linear(
        markup.render, lambda length: "".join(f"{'>' * depth} a\n" for depth in range(length // 60 + 100))
    )
    assert_linear(
        markup.render, lambda length: "".join(f"{'  ' * depth}- a\n" for depth in range(length // 60 + 100))
    )


def test_a_pathological_post_still_renders_its_text():
    html = markup.render("[" * 10_000 + " loppu")
    assert html.count("[") == 10_000
    assert "loppu" in html
