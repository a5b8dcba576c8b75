"""Answer throughput through daphne: 20 concurrent clients answer one survey over HTTP.

Starts daphne on 127.0.0.1 itself (PostgreSQL bench database, flood limits lifted), then each client
loads the form (for its CSRF cookie) and posts a full answer with a unique marker in the free-text
question. Afterwards the database must hold every marker exactly once: zero lost, zero duplicated.
Bounded: ``--clients`` x ``--per-client`` answers, and ``--timeout`` seconds at most.

    python bench/eraati_submit.py [--clients 20] [--per-client 25]
"""

import argparse
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

from eraati_common import BENCH_DATABASE_URL, ROOT, setup_django


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_survey():
    import datetime

    from django.utils import timezone

    from eraati.models import Question, Survey

    Survey.objects.filter(slug="bench-submit").delete()
    now = timezone.now()
    survey = Survey.objects.create(
        title="bench",
        slug="bench-submit",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    for order, (kind, options) in enumerate(
        [("agree", ""), ("single", "a\nb\nc"), ("rating", ""), ("text", "")]
    ):
        Question.objects.create(
            survey=survey, sort_order=order, key=f"k{order}", kind=kind, text=kind, options=options
        )
    return survey


def answer_once(base: str, survey, questions, marker: str) -> float:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/eraati/kysely/{survey.slug}/"
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {"csrfmiddlewaretoken": token, "step": "1", "action": "submit"}
    for question in questions:
        data[f"q_{question.pk}"] = marker if question.kind == "text" else "1"
    start = time.perf_counter()
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310 (http://127.0.0.1)
    with opener.open(request, timeout=30) as response:
        if "/kiitos/" not in response.url:
            raise RuntimeError(f"answer not accepted: {response.status} {response.url}")
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=25)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    setup_django("eraati_bench_settings")
    from eraati.models import Answer

    survey = make_survey()
    questions = list(survey.questions.all())
    port = free_port()
    # Under ASGI every request may run in a thread of its own: persistent connections (CONN_MAX_AGE > 0)
    # pile up until PostgreSQL refuses clients, so the server runs with CONN_MAX_AGE=0 (docs/benchmarks.md).
    env = dict(
        os.environ,
        DATABASE_URL=BENCH_DATABASE_URL,
        DJANGO_SETTINGS_MODULE="eraati_bench_settings",
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "0"),
    )
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bench"), str(ROOT / "site"), str(ROOT)])
    # daphne logs every request; a pipe nobody reads would fill up and stall it.
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 (read after the server has stopped)
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "kuulluksi.asgi:application"],
        env=env,
        cwd=ROOT,
        stdout=server_log,
        stderr=server_log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("daphne did not start") from None
                time.sleep(0.2)

        latencies, errors = [], []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.timeout

        def client(number):
            for i in range(args.per_client):
                if time.monotonic() > stop_at:
                    return
                try:
                    latency = answer_once(base, survey, questions, f"bench-{number}-{i}")
                    with lock:
                        latencies.append(latency)
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
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    sent = args.clients * args.per_client
    markers = list(
        Answer.objects.filter(question__survey=survey, question__kind="text").values_list("text", flat=True)
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
        server_log.seek(0)
        print("server log (end):", server_log.read().decode(errors="replace")[-3000:])
    sys.exit(1 if lost or duplicated or errors else 0)


if __name__ == "__main__":
    main()
