"""Answer throughput through daphne: 20 concurrent clients answer one survey over HTTP.

Starts daphne on 127.0.0.1 itself (PostgreSQL bench database, flood limits lifted), then each client
loads the form (for its CSRF cookie) and posts a full answer with a unique marker in the free-text
question. Afterwards the database must hold every marker exactly once: zero lost, zero duplicated.
Bounded: ``--clients`` x ``--per-client`` answers, and ``--timeout`` seconds at most.
``bench/eraati_burst.py`` puts 1,000 answers in flight at once instead.

    python bench/eraati_submit.py [--clients 20] [--per-client 25]
"""

import argparse
import sys
import threading
import time

from eraati_common import ROOT, answers_for, make_survey, server_env, setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=25)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    setup_django("eraati_bench_settings")
    from eraati import question_types
    from eraati.models import Answer
    from testing import loadtools

    survey = make_survey("bench-submit")
    questions = list(survey.questions.all())
    with loadtools.running_daphne(server_env(), settings_path=str(ROOT / "bench")) as base:
        latencies, errors = [], []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.timeout

        def client(number):
            for i in range(args.per_client):
                if time.monotonic() > stop_at:
                    return
                try:
                    form = loadtools.load_form(
                        base, survey.slug, answers_for(questions, f"bench-{number}-{i}")
                    )
                    start = time.perf_counter()
                    outcome = form.send()
                    if outcome != loadtools.STORED:
                        raise loadtools.UnexpectedReply(outcome)
                    with lock:
                        latencies.append(time.perf_counter() - start)
                except Exception as error:  # every failure is counted and reported
                    with lock:
                        errors.append(repr(error))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start

    sent = args.clients * args.per_client
    markers = list(
        Answer.objects.filter(
            question__survey=survey, question__kind__in=question_types.kinds(free_text=True)
        ).values_list("text", flat=True)
    )
    expected = {f"bench-{n}-{i}" for n in range(args.clients) for i in range(args.per_client)}
    lost = len(expected - set(markers))
    duplicated = len(markers) - len(set(markers))
    latencies.sort()
    print(f"{args.clients} clients x {args.per_client} answers through daphne in {elapsed:.1f} s")
    print(f"accepted {len(latencies)} of {sent}; errors {len(errors)}")
    print(f"throughput: {len(latencies) / elapsed:.1f} answers/s (each = GET form + POST answer)")
    if latencies:
        print(
            f"POST latency: median {latencies[len(latencies) // 2] * 1000:.0f} ms, p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
        )
    print(f"lost: {lost}, duplicated: {duplicated}, stored responses: {survey.responses.count()}")
    if errors:
        print("first error:", errors[0])
    sys.exit(1 if lost or duplicated or errors else 0)


if __name__ == "__main__":
    main()
