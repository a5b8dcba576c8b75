"""Answer throughput through two daphne workers on PostgreSQL, against the trivial view and the form page
measured in the same run, with and without the database connection pool; every answer counted.

The script starts the workers itself (bench settings: flood limits lifted, each worker its own local
cache): ``--workers`` with the settings' pool and, unless ``--no-compare``, as many with
``DATABASE_POOL_MAX_SIZE=0`` (a new PostgreSQL connection per request, as before the pool). The load
comes from a separate Python process (this file with ``--generate``): ``--clients`` asyncio clients on
keep-alive connections, spread over the workers of one configuration, each repeating its operation for
``--seconds``:

* ``healthz``: ``GET /healthz`` (trivial view: no template, no query);
* ``form``: ``GET`` of the survey form (four questions);
* ``answer``: a new person's full answer: ``GET`` the form (CSRF cookie, form key), ``POST`` the four
  answers with a unique marker in the free text, follow the redirect to the thank-you page.

The three operations run interleaved, ``--repetitions`` times, each time under both configurations.
Then the database must hold every marker of a stored answer exactly once (0 lost, 0 duplicated) and no
marker of an answer that was not acknowledged twice.

    python bench/eraati_submit.py [--workers 2] [--clients 32] [--seconds 6] [--repetitions 3]
    python bench/eraati_submit.py --profile /tmp/answer.txt   # py-spy on one worker while it answers
"""

import argparse
import asyncio
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections import Counter

from eraati_common import BENCH_DATABASE_URL, ROOT, answers_for, make_survey, server_env, setup_django

OPERATIONS = ("healthz", "form", "answer")
FIRST_PORT = int(os.environ.get("ERAATI_BENCH_FIRST_PORT", "8741"))


# --- The load generator (a process of its own) ---------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1:<port>; enough HTTP for these pages."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def request(self, method: str, path: str, *, body: bytes = b"", headers: dict | None = None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if method == "POST":
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        response_headers = []
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            response_headers.append((name.strip().lower(), value.strip()))
        fields = dict(response_headers)
        if "content-length" in fields:
            content = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding") == "chunked":
            chunks = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            content = b"".join(chunks)
        else:
            content = await self.reader.read()
        if fields.get("connection", "").lower() == "close" or (
            not content and "content-length" not in fields
        ):
            self.close()
        return status, response_headers, content

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _cookies(headers, jar: dict) -> None:
    for name, value in headers:
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]


async def _answer(connection: Connection, form_path: str, answers: dict, marker: str) -> float:
    """One new person's answer; returns the POST's own latency (the whole operation is timed outside)."""
    jar: dict = {}
    status, headers, page = await connection.request("GET", form_path)
    if status != 200:
        raise RuntimeError(f"form GET {status}")
    _cookies(headers, jar)
    page = page.decode()
    data = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
        "lomake": re.search(r'name="lomake" value="([^"]+)"', page).group(1),
        "step": "1",
        "action": "submit",
        **{field: marker if value is None else value for field, value in answers.items()},
    }
    cookie = "; ".join(f"{key}={value}" for key, value in jar.items())
    referer = f"http://127.0.0.1:{connection.port}{form_path}"
    start = time.perf_counter()
    status, headers, _ = await connection.request(
        "POST",
        form_path,
        body=urllib.parse.urlencode(data).encode(),
        headers={"Cookie": cookie, "Referer": referer},
    )
    post = time.perf_counter() - start
    location = dict(headers).get("location", "")
    if status != 302 or "/kiitos/" not in location:
        raise RuntimeError(f"answer POST {status} {location}")
    _cookies(headers, jar)
    cookie = "; ".join(f"{key}={value}" for key, value in jar.items())
    status, _, _ = await connection.request(
        "GET", urllib.parse.urlsplit(location).path, headers={"Cookie": cookie}
    )
    if status != 200:
        raise RuntimeError(f"thank-you page {status}")
    return post


async def _generate(job: dict) -> dict:
    operation, ports, seconds = job["operation"], job["ports"], job["seconds"]
    form_path = f"/eraati/kysely/{job['slug']}/"
    latencies, posts, errors, stored, unacknowledged = [], [], Counter(), [], []
    deadline = time.perf_counter() + seconds

    async def client(number: int):
        connection = Connection(ports[number % len(ports)])
        i = 0
        while time.perf_counter() < deadline:
            marker = f"{job['prefix']}-{number}-{i}"
            i += 1
            start = time.perf_counter()
            try:
                if operation == "healthz":
                    status, _, _ = await connection.request("GET", "/healthz")
                    if status != 200:
                        raise RuntimeError(f"healthz {status}")
                elif operation == "form":
                    status, _, _ = await connection.request("GET", form_path)
                    if status != 200:
                        raise RuntimeError(f"form GET {status}")
                else:
                    posts.append(await _answer(connection, form_path, job["answers"], marker))
                    stored.append(marker)
            except Exception as error:  # every failure is counted and reported
                errors[f"{error!r}"[:120]] += 1
                if operation == "answer":
                    unacknowledged.append(marker)
                connection.close()
                continue
            latencies.append(time.perf_counter() - start)
        connection.close()

    start = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(job["clients"])))
    elapsed = time.perf_counter() - start
    return {
        "elapsed": elapsed,
        "latencies": latencies,
        "posts": posts,
        "errors": dict(errors),
        "stored": stored,
        "unacknowledged": unacknowledged,
    }


def generate() -> None:
    """The load generator's entry point: a job as JSON on stdin, the results as JSON on stdout."""
    job = json.load(sys.stdin)
    json.dump(asyncio.run(_generate(job)), sys.stdout)


# --- The driver ----------------------------------------------------------------------------------------


def _quantile(values, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def _load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def _run_phase(job: dict) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--generate"],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
        timeout=job["seconds"] + 300,
    )
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients of each measurement")
    parser.add_argument("--seconds", type=float, default=6, help="length of each measurement")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--no-compare", action="store_true", help="only the settings' pool, not without it")
    parser.add_argument(
        "--profile", metavar="FILE", help="py-spy record (raw) one pooled worker's first answers"
    )
    args = parser.parse_args()
    if args.generate:
        return generate()
    setup_django("eraati_bench_settings")
    from eraati import question_types
    from eraati.models import Answer
    from testing import processes

    survey = make_survey("bench-submit")
    questions = list(survey.questions.all())
    answers = {
        field: None if value == "marker" else value
        for field, value in answers_for(questions, "marker").items()
    }
    run = uuid.uuid4().hex[:8]
    configurations = (
        {"pool": {}} if args.no_compare else {"pool": {}, "no pool": {"DATABASE_POOL_MAX_SIZE": "0"}}
    )
    results = {(name, op): [] for name in configurations for op in OPERATIONS}
    posts = {name: [] for name in configurations}
    stored, unacknowledged, errors = [], [], Counter()
    print(f"start: {_load()}", flush=True)
    with contextlib.ExitStack() as stack:
        ports, pids = {}, {}
        port = FIRST_PORT
        for name, extra in configurations.items():
            env = processes.project_env({**server_env(), **extra}, str(ROOT / "bench"))
            servers = []
            for _ in range(args.workers):
                servers.append(stack.enter_context(processes.running_daphne(env, port=port)))
                port += 1
            ports[name] = [server.port for server in servers]
            pids[name] = [server.process.pid for server in servers]
        for repetition in range(args.repetitions):
            for name in configurations:
                for operation in OPERATIONS:
                    job = {
                        "operation": operation,
                        "ports": ports[name],
                        "seconds": args.seconds,
                        "clients": args.clients,
                        "slug": survey.slug,
                        "answers": answers,
                        "prefix": f"{run}-{name.replace(' ', '')}-{repetition}",
                    }
                    profiler = None
                    if args.profile and operation == "answer" and repetition == 0 and name == "pool":
                        profiler = subprocess.Popen(
                            [str(ROOT / ".venv/bin/py-spy"), "record", "--format", "raw", "-o", args.profile,
                             "-d", str(int(args.seconds)), "-p", str(pids[name][0]), "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                        )  # fmt: skip
                    outcome = _run_phase(job)
                    if profiler:
                        profiler.wait()
                    done = len(outcome["latencies"])
                    rate = done / outcome["elapsed"]
                    results[name, operation].append(
                        {
                            "rate": rate,
                            "p50": _quantile(outcome["latencies"], 0.5),
                            "p99": _quantile(outcome["latencies"], 0.99),
                        }
                    )
                    posts[name] += outcome["posts"]
                    stored += outcome["stored"]
                    unacknowledged += outcome["unacknowledged"]
                    errors.update(outcome["errors"])
                    print(
                        f"repetition {repetition + 1} {name:8} {operation:8} {rate:7.1f}/s  "
                        f"p50 {results[name, operation][-1]['p50'] * 1000:6.0f} ms  "
                        f"p99 {results[name, operation][-1]['p99'] * 1000:6.0f} ms  errors {sum(outcome['errors'].values())}  "
                        f"({_load()})",
                        flush=True,
                    )

    markers = Counter(
        Answer.objects.filter(
            question__survey=survey, question__kind__in=question_types.kinds(free_text=True)
        ).values_list("text", flat=True)
    )
    lost = sum(1 for marker in stored if markers[marker] == 0)
    duplicated = sum(count - 1 for count in markers.values() if count > 1)
    stray = sum(markers[marker] for marker in unacknowledged)  # stored although the client saw a failure
    print(
        f"\n{args.workers} daphne workers per configuration, {args.clients} clients on keep-alive connections, "
        f"{args.seconds:g} s per measurement, {args.repetitions} repetitions interleaved; PostgreSQL "
        f"{BENCH_DATABASE_URL.rsplit('/', 1)[1]}; end: {_load()}"
    )
    print(
        f"{'configuration':14} {'operation':8} {'req/s':>16} {'p50 ms':>8} {'p99 ms':>8} {'/healthz':>9} {'/form':>7}"
    )

    def paired(top, bottom, key="rate"):
        """Median over the repetitions of top / bottom, each pair measured back to back."""
        return statistics.median(a[key] / b[key] for a, b in zip(results[top], results[bottom], strict=True))

    print("(req/s: median of the repetitions, each in brackets; ratios: median of the per-repetition ratios)")
    for name in configurations:
        for operation in OPERATIONS:
            runs = results[name, operation]
            median = {key: statistics.median(r[key] for r in runs) for key in ("rate", "p50", "p99")}
            rates = "–".join(f"{r['rate']:.0f}" for r in runs)
            print(
                f"{name:14} {operation:8} {median['rate']:7.1f} ({rates:>7}) {median['p50'] * 1000:8.1f} "
                f"{median['p99'] * 1000:8.1f} {paired((name, operation), (name, 'healthz')):8.3f}x "
                f"{paired((name, operation), (name, 'form')):6.3f}x"
            )
            if operation != "healthz":
                print(
                    f"{'':14} {'':8} p50 / healthz x{paired((name, operation), (name, 'healthz'), 'p50'):.2f}, "
                    f"p99 / healthz x{paired((name, operation), (name, 'healthz'), 'p99'):.2f}"
                )
        if posts[name]:
            print(
                f"{name:14} answer POST alone: p50 {_quantile(posts[name], 0.5) * 1000:.1f} ms, "
                f"p99 {_quantile(posts[name], 0.99) * 1000:.1f} ms"
            )
    if "no pool" in configurations:
        for operation in OPERATIONS:
            each = " ".join(
                f"{a['rate'] / b['rate']:.2f}"
                for a, b in zip(results["pool", operation], results["no pool", operation], strict=True)
            )
            ratio = paired(("pool", operation), ("no pool", operation))
            print(f"pool / no pool, {operation}: throughput x{ratio:.2f} (per repetition: {each})")
    print(
        f"answers acknowledged: {len(stored)}; in the database: {sum(markers[m] for m in stored)}; "
        f"lost: {lost}; duplicated: {duplicated}; failed and not acknowledged: {len(unacknowledged)} "
        f"(of which stored: {stray})"
    )
    if errors:
        print("errors:", dict(errors.most_common(5)))
    sys.exit(1 if lost or duplicated or errors else 0)


if __name__ == "__main__":
    main()
