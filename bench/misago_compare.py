"""Kuulluksi's forum beside Misago 0.39.6 (a Django forum) under the same wrk load, anonymous readers.

Installs Misago from PyPI into its own venv (``.tools/misago-venv``, once) and seeds it on its own
PostgreSQL database (``bench/misago_site.py``: ~200 users, ~50 threads, a 5,000-post thread, then
``ANALYZE``), with Redis as its cache and DEBUG off (``bench/misago_settings.py``). Kuulluksi is seeded
as in ``bench/forum_pages.py`` (the same 5,000-post topic). Both run in one daphne process each on
127.0.0.1; in every repetition each pair of pages is measured one right after the other.

    scripts/ensure-wrk
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kuulluksi_forum_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 MISAGO_REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/misago_compare.py [--seconds 8] [--repetitions 3] [--connections 8] \\
        [--port 8731] [--misago-port 8732]

Misago's database is DATABASE_URL's with ``_misago`` appended, dropped and made afresh; the Redis
database of MISAGO_REDIS_URL is emptied.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import forum_pages  # the bench beside this one

ROOT = forum_pages.ROOT
VENV = ROOT / ".tools" / "misago-venv"
PACKAGES = ["misago==0.39.6", "daphne==4.2.3"]


def ensure_misago() -> Path:
    """Misago's venv, made and filled once; returns its python."""
    python = VENV / "bin" / "python"
    marker = VENV / ".installed"
    if marker.exists() and marker.read_text() == " ".join(PACKAGES):
        return python
    print(f"Installing {', '.join(PACKAGES)} into {VENV.relative_to(ROOT)}/...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", VENV], check=True)
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES], check=True
    )
    marker.write_text(" ".join(PACKAGES))
    return python


def misago_env(database_url: str, redis_url: str) -> dict:
    base, name = database_url.rsplit("/", 1)
    user_host = base.removeprefix("postgres://").removeprefix("postgresql://")
    user, host_port = user_host.split("@")
    host, _, port = host_port.partition(":")
    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT / "bench"),
        "DJANGO_SETTINGS_MODULE": "misago_settings",
        "MISAGO_DB_USER": user,
        "MISAGO_DB_HOST": host,
        "MISAGO_DB_PORT": port or "5432",
        "MISAGO_DB_NAME": name,
        "MISAGO_REDIS_URL": redis_url,
    }


def seed_misago(python: Path, env: dict, database_url: str) -> str:
    """A fresh Misago database, seeded; returns the long thread's path."""
    forum_pages._create_database(database_url)
    output = subprocess.run(
        [python, ROOT / "bench" / "misago_site.py"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if output.returncode:
        raise RuntimeError(output.stderr[-3000:])
    return output.stdout.strip().splitlines()[-1]


def misago_last_page(port: int, thread_path: str) -> str:
    """Misago's own link to a thread's last post redirects to its last page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", f"{thread_path}last/")
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.headers["Location"].split("#")[0].removeprefix(f"http://127.0.0.1:{port}")


def measure(args, kuulluksi, misago, pairs) -> dict:
    """{label: [(Kuulluksi result, Misago result), ...]}, one pair per repetition."""
    results: dict[str, list] = {}
    for repetition in range(1, args.repetitions + 1):
        print(
            f"\nRepetition {repetition}/{args.repetitions}, load average {forum_pages.load_average()}",
            flush=True,
        )
        for label, (ours, theirs) in pairs.items():
            for server, path in ((kuulluksi, ours), (misago, theirs)):
                status, _headers, _body = forum_pages.get(server.port, path)
                if status != 200:
                    raise RuntimeError(f"{server.url}{path} answered {status}")
            mine = forum_pages.run_wrk(kuulluksi.url + ours, args.seconds, args.connections, {})
            other = forum_pages.run_wrk(misago.url + theirs, args.seconds, args.connections, {})
            results.setdefault(label, []).append((mine, other))
            print(
                f"  {label}: Kuulluksi {mine['rps']:.1f} req/s, Misago {other['rps']:.1f} req/s", flush=True
            )
    return results


def print_table(results: dict) -> None:
    print(
        "\n| page | Kuulluksi req/s | Kuulluksi p50 ms | Misago req/s | Misago p50 ms | Kuulluksi / Misago req/s |"
    )
    print("|---|---|---|---|---|---|")
    for label, runs in results.items():

        def median(key, which, runs=runs):
            return statistics.median(run[which][key] for run in runs)

        ratio = statistics.median(mine["rps"] / other["rps"] for mine, other in runs)
        print(
            f"| {label} | {median('rps', 0):.1f} | {median('p50_ms', 0):.1f} | {median('rps', 1):.1f} "
            f"| {median('p50_ms', 1):.1f} | {ratio:.2f}x |"
        )
    print("\nMedians across the repetitions; the last column is the median of the per-repetition ratios.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="wrk's duration per run")
    parser.add_argument("--repetitions", type=int, default=3, help="rounds of (Kuulluksi, Misago) pairs")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (2 threads)")
    parser.add_argument("--port", type=int, default=0, help="Kuulluksi's daphne port (default: a free one)")
    parser.add_argument(
        "--misago-port", type=int, default=0, help="Misago's daphne port (default: a free one)"
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", forum_pages.DEFAULT_URL)
    redis_url = os.environ.get("REDIS_URL", "")
    misago_redis_url = os.environ.get("MISAGO_REDIS_URL", "")
    if not (database_url.startswith("postgres") and redis_url and misago_redis_url):
        sys.exit("Set DATABASE_URL=postgres://..., REDIS_URL=redis://... and MISAGO_REDIS_URL=redis://...")
    if misago_redis_url == redis_url:
        sys.exit("MISAGO_REDIS_URL must be another Redis database than REDIS_URL.")
    subprocess.run([ROOT / "scripts" / "ensure-wrk"], check=True)
    python = ensure_misago()
    misago_database_url = f"{database_url}_misago"
    env = misago_env(misago_database_url, misago_redis_url)
    print("Seeding Misago...", flush=True)
    thread_path = seed_misago(python, env, misago_database_url)
    subprocess.run([python, "-c", "from django.core.cache import cache; cache.clear()"], env=env, check=True)
    forum_pages._setup_django(database_url, redis_url)
    print("Seeding Kuulluksi...", flush=True)
    _category, long_topic, _ktalks = forum_pages.seed(10_000, 5_000)
    from testing.processes import project_env, running_daphne

    ours = {**project_env(os.environ), "DATABASE_URL": database_url, "REDIS_URL": redis_url, "DEBUG": "false"}
    ours.pop("DJANGO_SETTINGS_MODULE", None)
    with (
        running_daphne(ours, port=args.port or None) as kuulluksi,
        running_daphne(
            env, port=args.misago_port or None, app="misago_site:application", health="/", python=str(python)
        ) as misago,
    ):
        topic = long_topic.get_absolute_url()
        pairs = {
            "forum index": ("/forum/", "/"),
            "5,000-post topic, first page": (topic, thread_path),
            "5,000-post topic, last page": (
                forum_pages.page_paths(_category, long_topic, _ktalks)["topic page, last page"],
                misago_last_page(misago.port, thread_path),
            ),
        }
        print(
            f"wrk -t{min(2, args.connections)} -c{args.connections}, {args.seconds:g} s per run, "
            f"one daphne process each; load average {forum_pages.load_average()}"
        )
        results = measure(args, kuulluksi, misago, pairs)
    print_table(results)
    print(f"\nLoad average at the end (1, 5, 15 min): {forum_pages.load_average()}")


if __name__ == "__main__":
    main()
