"""Issue #15's table re-measured in one run: every channel the attack suite plays, with what it linked.

Runs the attack suite (``tests/privacy/``, slow tests included) once on SQLite and, with
``--database-url``, once more on PostgreSQL; each attack test adds what it achieved to a report
(``report_channel`` in ``tests/privacy/conftest.py``), and this prints one line per channel and
database: how many people, answers or secrets the best method linked or recovered, of how many, and
what guessing alone gets on average. The tests' own assertions decide pass or fail; this only gathers
their figures. A test that could not run (PostgreSQL-only on SQLite, Redis missing) has no line.

    python bench/privacy_attack.py [--database-url postgres://postgres@127.0.0.1:5432/kuulluksi_bench]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT_ENV = "KUULLUKSI_PRIVACY_REPORT"  # the name tests/privacy/conftest.py reads
LINK_MARGIN = 5  # tests/privacy/conftest.py: above chance by more than this fails the tests too


def run_suite(database_url: str | None, report: Path) -> int:
    env = {**os.environ, REPORT_ENV: str(report), "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}"}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "pytest", "tests/privacy", "-q", "-n", "2", "-m", "not browser"]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def table(lines: list[dict]) -> str:
    rows = ["| channel | database | linked | of | chance |", "|---|---|---|---|---|"]
    for line in sorted(lines, key=lambda line: (line["channel"], line["database"])):
        rows.append(
            f"| {line['channel']} | {line['database']} | {line['linked']} | {line['out_of']} | {line['chance']:g} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="also run on this PostgreSQL database (pytest adds test_)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.jsonl"
        report.touch()
        failed = run_suite(None, report)
        if options.database_url:
            failed |= run_suite(options.database_url, report)
        lines = [json.loads(line) for line in report.read_text().splitlines()]
    print(table(lines))
    above = [line for line in lines if line["linked"] > line["chance"] + LINK_MARGIN]
    print(
        f"\n{len(lines)} measurements; above chance + {LINK_MARGIN}: {len(above)}; suite exit status {failed}"
    )
    return 1 if failed or above else 0


if __name__ == "__main__":
    sys.exit(main())
