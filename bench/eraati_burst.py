"""1,000 survey answers in flight at once against two daphne workers on PostgreSQL, counted exactly.

Every client first loads the form (CSRF cookie, form key) from one of the workers; then all of them post
their answers at the same moment (a barrier). The same burst shape is measured in the same run against
``/healthz`` (trivial view) and the survey form page (GET), as baselines. Afterwards the database must
hold every answer exactly once, each response whole with the right values. The peak number of
PostgreSQL connections of the bench database is sampled during the run.

    python bench/eraati_burst.py [--in-flight 1000] [--workers 2]
"""

import argparse
import contextlib
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from eraati_common import BENCH_DATABASE_URL, ROOT, answers_for, make_survey, server_env, setup_django


def burst(count: int, action) -> dict:
    """Run ``action(i)`` in ``count`` threads released together; latencies and outcomes."""
    barrier = threading.Barrier(count + 1)
    latencies, outcomes = [None] * count, [None] * count

    def run(i):
        barrier.wait()
        start = time.perf_counter()
        try:
            outcomes[i] = action(i)
        except Exception as error:  # every failure is counted and reported
            outcomes[i] = f"error: {error!r}"[:200]
        latencies[i] = time.perf_counter() - start

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "elapsed": elapsed,
        "rate": count / elapsed,
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "outcomes": Counter(outcomes),
    }


class PeakConnections:
    """Samples how many PostgreSQL connections the bench database has, every 0.1 s."""

    def __init__(self, database_url: str):
        self.name = database_url.rsplit("/", 1)[1]
        self.url = database_url.rsplit("/", 1)[0] + "/postgres"
        self.peak = 0
        self._stop = threading.Event()

    def __enter__(self):
        self.peak = 0
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._stop.clear()

    def _sample(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self._stop.wait(0.1):
                (count,) = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [self.name]
                ).fetchone()
                self.peak = max(self.peak, count)


def check_stored(survey, questions, markers) -> dict:
    """Exact counts: stored, lost, duplicated, half-saved and wrong responses."""
    from django.db.models import Count

    from eraati import question_types
    from eraati.models import Answer

    texts = Counter(
        Answer.objects.filter(
            question__survey=survey, question__kind__in=question_types.kinds(free_text=True)
        ).values_list("text", flat=True)
    )
    per_response = Counter(
        survey.responses.annotate(n=Count("answers")).values_list("n", flat=True)
    )  # answers per response -> how many responses
    wrong_values = (
        Answer.objects.filter(question__survey=survey)
        .exclude(question__kind__in=question_types.kinds(free_text=True))
        .exclude(value=1)
        .count()
    )
    return {
        "responses": survey.responses.count(),
        "stored markers": sum(1 for marker in markers if texts[marker] >= 1),
        "lost": sum(1 for marker in markers if texts[marker] == 0),
        "duplicated": sum(texts[marker] - 1 for marker in markers if texts[marker] > 1),
        "half-saved": sum(n for answers, n in per_response.items() if answers != len(questions)),
        "wrong values": wrong_values,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-flight", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    threading.stack_size(512 * 1024)  # a thousand client threads
    setup_django("eraati_bench_settings")
    from testing import loadtools

    survey = make_survey("bench-burst")
    questions = list(survey.questions.all())
    n = args.in_flight
    with contextlib.ExitStack() as servers:
        bases = [
            servers.enter_context(loadtools.running_daphne(server_env(), settings_path=str(ROOT / "bench")))
            for _ in range(args.workers)
        ]
        peak = PeakConnections(BENCH_DATABASE_URL)
        results = {}
        with peak:
            results["trivial view GET /healthz"] = burst(
                n, lambda i: loadtools.get(bases[i % len(bases)], "/healthz")
            )
        results["trivial view GET /healthz"]["peak"] = peak.peak
        with peak:
            results["survey form GET"] = burst(
                n, lambda i: loadtools.get(bases[i % len(bases)], f"/eraati/kysely/{survey.slug}/")
            )
        results["survey form GET"]["peak"] = peak.peak
        markers = [f"burst-{i}" for i in range(n)]
        with ThreadPoolExecutor(32) as pool:
            forms = list(
                pool.map(
                    lambda i: loadtools.load_form(
                        bases[i % len(bases)], survey.slug, answers_for(questions, markers[i])
                    ),
                    range(n),
                )
            )
        with peak:
            results["survey answer POST"] = burst(n, lambda i: forms[i].send(timeout=600))
        results["survey answer POST"]["peak"] = peak.peak

    print(
        f"{n} requests in flight at once, {args.workers} daphne workers, PostgreSQL (CONN_MAX_AGE from settings)"
    )
    print(
        f"{'burst':28} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'all done s':>10} {'peak DB conns':>13}  outcomes"
    )
    for name, r in results.items():
        print(
            f"{name:28} {r['rate']:7.1f} {r['p50'] * 1000:8.0f} {r['p99'] * 1000:8.0f} {r['elapsed']:10.1f} "
            f"{r['peak']:13d}  {dict(r['outcomes'])}"
        )
    post = results["survey answer POST"]
    for name in ("trivial view GET /healthz", "survey form GET"):
        base = results[name]
        print(f"POST / {name}: p50 x{post['p50'] / base['p50']:.2f}, p99 x{post['p99'] / base['p99']:.2f}")
    counts = check_stored(survey, questions, markers)
    print("stored:", counts)
    ok = (
        counts["stored markers"] == n
        and counts["responses"] == n
        and not (counts["lost"] or counts["duplicated"] or counts["half-saved"] or counts["wrong values"])
        and all(set(r["outcomes"]) == {loadtools.STORED} for r in results.values())
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
