"""The task queue's finished rows (arguments, results, errors) are deleted a day after they finished: the
production cron runs django-tasks-db's prune with one day, and that prune deletes exactly those rows."""

import shlex

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from eraati import tasks
from kuulluksi.dates import local_shift
from testing.processes import ROOT

# The worker closes its database connection when it is done: the test's data must be committed.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CRON = ROOT / "deploy" / "kuulluksi.cron"
PRUNE = ["prune_db_task_results", "--min-age-days", "1"]


def _cron_jobs() -> list[tuple[list[str], list[str]]]:
    """(five schedule fields, command) of every job of the cron file (``m h dom mon dow user command``)."""
    jobs = []
    for line in CRON.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            fields = shlex.split(line)
            jobs.append((fields[:5], fields[6:]))
    return jobs


def test_production_cron_prunes_finished_task_rows_daily():
    daily = [command for schedule, command in _cron_jobs() if schedule[2:] == ["*", "*", "*"]]
    assert any(command[0].endswith("manage.sh") and command[1:] == PRUNE for command in daily), daily


def test_the_prune_deletes_rows_finished_a_day_ago_and_keeps_newer_ones(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = tasks.forget_deleted_contacts.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    with time_machine.travel(local_shift(timezone.now(), days=1, minutes=1), tick=False):
        new = tasks.forget_deleted_contacts.enqueue()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        ours = DBTaskResult.objects.filter(id__in=[old.id, new.id])
        assert ours.finished().count() == 2  # both ran (the worker processed them)
        call_command(*PRUNE, verbosity=0)
        # Other rows the worker may have run meanwhile (a task a task enqueued) obey the same rule.
        day_ago = local_shift(timezone.now(), days=-1)
        assert not DBTaskResult.objects.finished().filter(finished_at__lt=day_ago).exists()
    assert [str(row.id) for row in ours] == [str(new.id)]
    assert str(old.id) != str(new.id)
