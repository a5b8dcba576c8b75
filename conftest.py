"""Fixtures shared by every app's tests. Factories are functions with keyword-only arguments."""

import itertools
import shutil

import pytest
from django.core.cache import cache

_counter = itertools.count(1)


def pytest_addoption(parser):
    parser.addoption(
        "--clock-at",
        metavar="EPOCH",
        help="Run the whole session with the clock moved to this instant (Unix seconds); it keeps ticking. "
        "The calendar sweep (scripts/calendar-sweep) runs the suite at each edge in tests/clock_edges.py.",
    )
    parser.addoption(
        "--database-from",
        metavar="SQLITE_FILE",
        help="Start each process's test database as a copy of this migrated SQLite file instead of migrating "
        "an empty one (migrate still runs, with nothing to apply). The calendar sweep migrates once and runs "
        "the suite at every edge from that file.",
    )


def pytest_configure(config):
    """Move the clock for the session when --clock-at is given (in every xdist worker too: each runs this).

    time-machine moves the wall clock of this process only (datetime, time.time), not the monotonic clock
    that timeouts and asyncio use.
    """
    epoch = config.getoption("--clock-at")
    if epoch:
        import time_machine

        traveller = time_machine.travel(float(epoch), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """With --database-from, this process's test database is a fresh copy of that file (see pytest_addoption)."""
    template = request.config.getoption("--database-from")
    if not template:
        return
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        raise pytest.UsageError("--database-from needs the embedded default's SQLite database")
    copy = tmp_path_factory.mktemp("database") / "test.sqlite3"
    shutil.copyfile(template, copy)
    database.setdefault("TEST", {})["NAME"] = str(copy)


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    """Keep (not recreate) the copy --database-from made; otherwise pytest-django's --reuse-db decides."""
    return bool(request.config.getoption("--database-from")) or request.config.getvalue("reuse_db")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments live in the cache: every test starts from an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request under /sv/ or /en/ leaves its language active in this thread; every test starts in Finnish."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def migrator():
    """A migration executor for the tests of data migrations; afterwards the database is migrated
    forward to the latest state again, so that the tests that follow find every table."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def default_rules(db):
    """The shipped community rules and watch lists, present in every test that uses them.

    A data migration creates them, but a transactional test (``live_server``, ``transactional_db``) empties
    the tables afterwards, so a later test loads them again and tells every process to rebuild its matcher.
    Returns the rules by number.
    """
    from django.apps import apps

    from moderation.defaults import load_defaults
    from moderation.models import Rule
    from moderation.services import watch_lists_changed

    if not Rule.objects.exists():
        load_defaults(apps)
        watch_lists_changed()
    return {rule.number: rule for rule in Rule.objects.all()}


@pytest.fixture
def home_page(db):
    from cms.setup import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def make_user(db):
    """Return a factory: make_user(role="citizen", pseudonym=None, email=None, password=..., verified=True)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def factory(
        *,
        role="citizen",
        pseudonym=None,
        email=None,
        password="correct-horse-42",
        verified=True,
        language="fi",
        superuser=False,
    ):
        n = next(_counter)
        pseudonym = pseudonym or f"user{n}"
        email = email or f"{pseudonym}@example.org"
        user = get_user_model().objects.create_user(
            username=pseudonym,
            email=email,
            password=password,
            language=language,
            is_superuser=superuser,
            is_staff=superuser,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return factory
