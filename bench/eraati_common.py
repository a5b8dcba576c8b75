"""Shared set-up for the eRaati benchmarks: a PostgreSQL database of their own, migrated."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = os.environ.get(
    "ERAATI_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuulluksi_eraati_bench"
)


def setup_django(settings_module: str = "kuulluksi.settings") -> None:
    """Point Django at the bench database (created if missing) and migrate it."""
    import psycopg

    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    base, name = BENCH_DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
