"""Shared set-up for the eRaati benchmarks: a PostgreSQL database of their own, migrated, and the survey
the submission benchmarks answer."""

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


def make_survey(slug: str):
    """A fresh open survey with four questions (agree, single choice, rating, free text)."""
    import datetime

    from django.utils import timezone

    from eraati.models import Question, Survey

    Survey.objects.filter(slug=slug).delete()
    now = timezone.now()
    survey = Survey.objects.create(
        title="bench",
        slug=slug,
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


def answers_for(questions, marker: str) -> dict:
    """Form fields of one full answer: "1" everywhere, ``marker`` in the free text."""
    return {f"q_{question.pk}": marker if question.type.free_text else "1" for question in questions}


def server_env(settings_module: str = "eraati_bench_settings") -> dict:
    """The environment of the daphne workers: the bench database, the settings' own CONN_MAX_AGE, and a
    cache of each worker's own (no shared Redis key space)."""
    env = dict(os.environ, DATABASE_URL=BENCH_DATABASE_URL, DJANGO_SETTINGS_MODULE=settings_module)
    env.pop("REDIS_URL", None)
    return env
