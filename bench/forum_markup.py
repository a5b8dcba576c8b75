"""Time to render pathological forum posts, against plain text of the same length, in one run.

Each row renders one post made of one unit repeated (``[``, ``*``, ``>`` …) at 10,000 and 40,000
characters with ``forum.markup.render`` (markdown-it-py + bleach), the best of three runs. The baseline,
measured in the same run, is the same function on ordinary Finnish prose of the same length. The
last column is the growth from 10,000 to 40,000 characters: about 4 when linear, 16 when quadratic.

    PYTHONPATH=site:. .venv/bin/python bench/forum_markup.py
"""

import os
import platform
import sys
import time
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parent.parent),
    str(Path(__file__).resolve().parent.parent / "site"),
]

from forum import markup  # noqa: E402

PROSE = (
    "Sosiaalitoimiston päätös kesti liian kauan, ja hakemus piti täyttää kahdesti. "
    "Kaupungin päättäjät eivät kuuntele köyhiä, mutta *kokous* oli silti hyvä.\n\n"
)
UNITS = {
    "prose (baseline)": PROSE,
    "[": "[",
    "*": "*",
    "_": "_",
    "`": "`",
    "<": "<",
    "> (nested quotes)": ">",
    "[a]( (unclosed links)": "[a](",
    "![ (image syntax)": "![",
    "*a (emphasis openers)": "*a ",
    "paragraphs with links": "[a](https://b.fi)\n\n",
}
SIZES = (10_000, 40_000)


def repeat_to(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def best_of(text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        markup.render(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    rows = {name: [best_of(repeat_to(unit, size)) for size in SIZES] for name, unit in UNITS.items()}
    baseline = rows["prose (baseline)"][0]
    print("| post | 10,000 chars | 40,000 chars | vs prose (10,000) | growth 10k → 40k |")
    print("|---|---|---|---|---|")
    for name, (small, large) in rows.items():
        print(
            f"| {name} | {small * 1000:.1f} ms | {large * 1000:.1f} ms | "
            f"{small / baseline:.2f}x | {large / small:.1f}x |"
        )


if __name__ == "__main__":
    main()
