"""Benchmark: the site-wide follow-up of commitments, with and without the selector's joins/prefetch.

Run from the repository root (builds its own throw-away SQLite database unless DATABASE_URL is set):

    PYTHONPATH=site:. .venv/bin/python bench/ktalks_commitments.py [--ktalks 50] [--per-ktalk 10] [--runs 20]

The baseline is the same page with ``selectors.commitments`` replaced by the plain queryset
(no select_related / prefetch_related), measured in the same run on the same data.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulluksi.test_settings")
_tmp = tempfile.mkdtemp(prefix="ktalks-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(_tmp) / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from ktalks import selectors, services  # noqa: E402
from ktalks.models import Commitment, CommitmentStatus  # noqa: E402
from ktalks.tests import factories  # noqa: E402


def build(ktalks: int, per_ktalk: int):
    index = factories.index_page()
    statuses = list(CommitmentStatus.values)
    for k in range(ktalks):
        ktalk = factories.ktalk(parent=index, starts_at=timezone.now() - datetime.timedelta(days=10 + k))
        for c in range(per_ktalk):
            commitment = services.create_commitment(
                user=None, ktalk=ktalk, decision_maker=factories.decision_maker(), promise=f"Lupaus {k}-{c}"
            )
            for u in range(3):
                services.record_commitment_update(
                    commitment,
                    user=None,
                    status=statuses[(c + u) % 4],
                    note="Päivitys",
                    date=datetime.date(2026, 1, 1 + u),
                )
    return index


def naive_commitments(filters):
    return Commitment.objects.filter(ktalk__live=True, status__in=filters.statuses).order_by(
        "-ktalk__starts_at", "pk"
    )


def measure(client, url, runs):
    client.get(url)  # warm caches
    timings = []
    for _i in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ktalks", type=int, default=50)
    parser.add_argument("--per-ktalk", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    index = build(args.ktalks, args.per_ktalk)
    url = index.url + index.reverse_subpage("commitments") + "?status=all"
    client = Client(SERVER_NAME="localhost")
    optimised = measure(client, url, args.runs)
    original = selectors.commitments
    selectors.commitments = naive_commitments
    try:
        baseline = measure(client, url, args.runs)
    finally:
        selectors.commitments = original
    total = args.ktalks * args.per_ktalk
    print(f"{total} commitments, {total * 3} updates, 30 per page, median of {args.runs} requests")
    print(f"selector (select_related + prefetch): {optimised[0]:7.1f} ms  {optimised[1]:3d} queries")
    print(f"baseline (plain queryset):            {baseline[0]:7.1f} ms  {baseline[1]:3d} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
