"""A withdrawn or expired contact's e-mail address cannot be read from PostgreSQL's pages once the
product's own rewrite has run, even when another transaction was open during the delete.

The attacker is a database administrator with ``pageinspect``: every item of every page of the contact
table (``heap_page_items``), and the raw pages besides (``get_raw_page``: the bytes between items too).
A deleted row stays in its page as a dead version until the table is rewritten or vacuumed; a
transaction that began before the delete may still see it, so PostgreSQL keeps it even through a
rewrite until that transaction ends. The product's rewrite notices that and tries again later.
"""

import time

import psycopg
import pytest
from django.db import connection

from eraati import services, tasks
from eraati.conftest import opted_in
from eraati.models import Contact
from kuulluksi.dates import local_shift

from .conftest import postgres_extension

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pageinspect reads PostgreSQL's pages"),
    pytest.mark.django_db(transaction=True),
]

CONNECT = ("dbname", "user", "password", "host", "port")
ELSEWHERE = "a transaction id in another database"
LEAVING = "lahteva.henkilo@example.org"
STAYING = "pysyva.henkilo@example.org"


@pytest.fixture
def pages():
    """Return read() -> bytes: every tuple of every page of the contact table, then the raw pages."""
    postgres_extension("pageinspect")

    def read() -> bytes:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT block FROM generate_series(
                    0, pg_relation_size('eraati_contact') / current_setting('block_size')::int - 1
                ) AS block
                """
            )
            blocks = [row[0] for row in cursor.fetchall()]
            items, raw = [], []
            for block in blocks:
                cursor.execute(
                    "SELECT t_data FROM heap_page_items(get_raw_page('eraati_contact', %s))", [block]
                )
                items += [bytes(row[0]) for row in cursor.fetchall() if row[0] is not None]
                cursor.execute("SELECT get_raw_page('eraati_contact', %s)", [block])
                raw.append(bytes(cursor.fetchone()[0]))
        return b"".join(items) + b"".join(raw)

    return read


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the dummy backend (which can defer, as the production queue can) until the test
    runs them; returns the backend's list of results."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


@pytest.fixture
def older_transaction(monkeypatch):
    """Return open(reads=table) -> close(): another session begins a repeatable-read transaction and
    takes its snapshot by reading ``table`` (as a long report or a backup would), holding back what
    PostgreSQL may remove; reading the contact table also holds a lock that the rewrite must wait for.
    With ``reads=ELSEWHERE`` the session instead takes a transaction id in another database."""
    monkeypatch.setattr(services, "CONTACT_REWRITE_LOCK_TIMEOUT_MS", 200)
    sessions = []

    def open_(reads="eraati_survey"):
        params = {key: value for key, value in connection.get_connection_params().items() if key in CONNECT}
        if reads == ELSEWHERE:  # a writing transaction in another database: its id is in every snapshot
            session = psycopg.connect(**{**params, "dbname": "postgres"})
            session.execute("BEGIN")
            session.execute("SELECT pg_current_xact_id()").fetchone()
        else:
            session = psycopg.connect(**params)
            session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            session.execute(f"SELECT count(*) FROM {reads}").fetchone()  # noqa: S608
        sessions.append(session)
        return session.close

    yield open_
    for session in sessions:
        session.close()


def _run(queued, *, now_or_later):
    """Run the queued rewrite tasks due by ``now_or_later`` (moving the clock there is not needed: the
    test only checks when they were asked to run); returns how many ran."""
    due = [
        result for result in queued if result.task.run_after is None or result.task.run_after <= now_or_later
    ]
    for result in due:
        queued.remove(result)
        result.task.call(*result.args, **result.kwargs)
    return len(due)


def _run_until_done(queued) -> int:
    """Run the queued rewrite and its retries until it stops queuing one, each a little later (other
    transactions on a busy server, in any of its databases, hold the horizon back for moments too); returns
    how many runs it took."""
    for runs in range(1, 121):
        _run(queued, now_or_later=max(result.task.run_after or services.timezone.now() for result in queued))
        if not queued:
            return runs
        time.sleep(0.5)
    raise AssertionError("the rewrite was held back for a minute")


def _withdraw():
    services.withdraw(services.withdraw_token(Contact.objects.get(email=LEAVING)))


def _expire():
    services.purge_expired_contacts(today=local_shift(services.timezone.now(), months=13).date())


@pytest.mark.parametrize("leave", [_withdraw, _expire], ids=["withdrawal", "expiry"])
def test_no_page_holds_a_deleted_address_after_the_rewrite(pages, queued_tasks, leave, report_channel):
    opted_in(email=LEAVING, wants_surveys=True)
    if leave is _withdraw:
        opted_in(email=STAYING, wants_surveys=True)
    assert LEAVING.encode() in pages()  # the attacker reads the pages: a live row shows
    leave()
    if queued_tasks:  # a withdrawal queues the rewrite; the daily run does it itself
        _run_until_done(queued_tasks)
    assert not Contact.objects.filter(email=LEAVING).exists()
    readable = LEAVING.encode() in pages()
    report_channel(
        f"dead tuples (pageinspect): address readable after {leave.__name__.strip('_')} and the rewrite",
        linked=int(readable),
        out_of=1,
        chance=0.0,
    )
    assert not readable
    assert queued_tasks == []  # done: no more retries
    if leave is _withdraw:
        assert STAYING.encode() in pages()


@pytest.mark.parametrize(
    "reads",
    ["eraati_survey", "eraati_contact", ELSEWHERE],
    ids=["snapshot", "snapshot-and-lock", "xid-elsewhere"],
)
@pytest.mark.parametrize("leave", [_withdraw, _expire], ids=["withdrawal", "expiry"])
def test_a_transaction_open_during_the_delete_only_delays_the_rewrite(
    pages, queued_tasks, older_transaction, leave, reads, report_channel
):
    opted_in(email=LEAVING, wants_surveys=True)
    close = older_transaction(reads=reads)
    leave()
    _run(queued_tasks, now_or_later=services.timezone.now())
    # PostgreSQL had to keep the row version for the older transaction, and the rewrite knows it.
    assert LEAVING.encode() in pages()
    (retry,) = queued_tasks
    assert retry.task.name == tasks.forget_deleted_contacts.name
    assert retry.task.run_after >= local_shift(
        services.timezone.now(), minutes=services.CONTACT_REWRITE_RETRY_MINUTES - 1
    )
    # While that transaction runs, every retry waits again.
    assert _run(queued_tasks, now_or_later=retry.task.run_after) == 1
    assert LEAVING.encode() in pages() and len(queued_tasks) == 1

    close()
    _run_until_done(queued_tasks)
    readable = LEAVING.encode() in pages()
    report_channel(
        f"dead tuples (pageinspect): address readable after {leave.__name__.strip('_')} during an older "
        f"transaction ({reads}), once it ended and the retry ran",
        linked=int(readable),
        out_of=1,
        chance=0.0,
    )
    assert not readable
    assert queued_tasks == []  # done: no more retries


def test_the_retries_stop_after_a_day(queued_tasks, older_transaction):
    """A transaction that never ends does not make the rewrite queue itself for ever: the next daily
    run starts over."""
    opted_in(email=LEAVING, wants_surveys=True)
    older_transaction()
    Contact.objects.filter(email=LEAVING).delete()
    assert not services.forget_deleted_contacts(attempt=services.CONTACT_REWRITE_ATTEMPTS)
    assert queued_tasks == []
