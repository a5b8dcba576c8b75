"""A database administrator who reads PostgreSQL's write-ahead log cannot pair an opt-in contact with the
answers of the person who left it, nor an invited contact with a deeper-survey answer.

The attacker reads the WAL of the whole story with ``pg_walinspect`` (``pg_get_wal_records_info`` and
``pg_get_wal_stats`` between positions captured before and after): every record's transaction, commit
time, table, block and offset, in commit order. Respondents answer through the real forms, some opt in,
the daily run flushes the pool, staff invite the contacts to a deeper survey and some of them answer
with their links. The attacker is also given more than the WAL shows: which contact each insert of the
flush wrote (read from the table between the flush and its rewrite, as a snapshot of the server at that
moment would show).
"""

import random
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from eraati import services
from eraati.models import Contact, Response, Survey

from .conftest import (
    LINK_MARGIN,
    OPTING_IN,
    Respondent,
    answer_over_http,
    links,
    postgres_extension,
    respondent_values,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_walinspect reads PostgreSQL's WAL"),
    pytest.mark.django_db(transaction=True),
]

ANSWERING_INVITED = 10
BLOCK = re.compile(r"blkref #0: rel \d+/(\d+)/(\d+) fork main blk (\d+)")
OFFSET = re.compile(r"(?:new )?off (\d+)")


@dataclass
class Record:
    lsn: int
    xid: int
    kind: str  # resource manager/record type, e.g. "Heap/INSERT+INIT"
    length: int  # without a full-page image (the first change of a page after a checkpoint has one)
    table: str  # the table's name, or "" for another relation or none
    position: tuple[int, int] | None  # (block, offset) of the row written, for a heap record


def _lsn(text: str) -> int:
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def _scalar(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _flushed_position() -> str:
    """The WAL position up to which everything is on disk (a fresh transaction's commit flushes it)."""
    return _scalar("SELECT pg_current_wal_flush_lsn()::text")


def _filenodes(*tables: str) -> dict[tuple[str, str], str]:
    """{(database oid, file node): table} for the tables' files as they are now."""
    database = str(_scalar("SELECT oid FROM pg_database WHERE datname = current_database()"))
    return {(database, str(_scalar("SELECT pg_relation_filenode(%s)", [table]))): table for table in tables}


def _position(description: str, record_type: str) -> tuple[int, int] | None:
    offsets = OFFSET.findall(description)
    if not offsets:
        return None
    # An update's description names the old offset, then the new one (where the row now is).
    return int(offsets[-1]) if "UPDATE" in record_type else int(offsets[0])


def _read_wal(start: str, end: str, files: dict) -> tuple[list[Record], dict[int, tuple[int, str]]]:
    """Every record between two positions, and {xid: (commit position, commit time)}."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT start_lsn::text, xid::text::bigint, resource_manager, record_type,
                   record_length - fpi_length, coalesce(description, ''), coalesce(block_ref, '')
            FROM pg_get_wal_records_info(%s, %s) ORDER BY start_lsn
            """,
            [start, end],
        )
        rows = cursor.fetchall()
    records, commits = [], {}
    for lsn, xid, manager, record_type, length, description, block_ref in rows:
        if manager == "Transaction" and record_type.startswith("COMMIT"):
            commits[xid] = (_lsn(lsn), description)
            continue
        block = BLOCK.search(block_ref)
        table = files.get((block.group(1), block.group(2)), "") if block else ""
        offset = _position(description, record_type) if manager == "Heap" else None
        position = (int(block.group(3)), offset) if block and offset is not None else None
        records.append(Record(_lsn(lsn), xid, f"{manager}/{record_type}", length, table, position))
    return records, commits


def _ctids(table: str, column: str) -> dict[tuple[int, int], object]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ctid::text, {column} FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
    return {tuple(int(part) for part in ctid.strip("()").split(",")): value for ctid, value in rows}


def _committed(records, commits, table: str, kind: str):
    """The records of ``kind`` on ``table`` of committed transactions, in commit order then WAL order."""
    chosen = [r for r in records if r.table == table and r.kind.startswith(kind) and r.xid in commits]
    return sorted(chosen, key=lambda record: (commits[record.xid][0], record.lsn))


def _answered_before(responses, commits, lsn: int):
    """The response whose transaction committed last before ``lsn``."""
    earlier = [record for record in responses if commits[record.xid][0] < lsn]
    return max(earlier, key=lambda record: commits[record.xid][0]) if earlier else None


def _contact_attacks(records, commits, response_at, contact_at) -> dict[str, dict]:
    """Every linking method tried on contacts: {method: {contact e-mail: response id}}."""
    responses = _committed(records, commits, "eraati_response", "Heap/INSERT")
    pool_inserts = _committed(records, commits, "eraati_pendingcontact", "Heap/INSERT")
    # Which response each opt-in followed: the commit just before the pool row's (the WAL does show this).
    followed = {
        record.position: _answered_before(responses, commits, commits[record.xid][0])
        for record in pool_inserts
    }
    contact_inserts = _committed(records, commits, "eraati_contact", "Heap/INSERT")
    pool_deletes = _committed(records, commits, "eraati_pendingcontact", "Heap/DELETE")
    pool_locks = _committed(records, commits, "eraati_pendingcontact", "Heap/LOCK")

    def response_of(record):
        return response_at.get(record.position) if record else None

    def guess(pairs):
        return {
            contact_at[contact.position]: response_of(response)
            for contact, response in pairs
            if response is not None and contact.position in contact_at
        }

    def nearest(record, candidates):
        return min(candidates, key=lambda other: abs(other.lsn - record.lsn)) if candidates else None

    flush_commit = max((commits[record.xid][0] for record in contact_inserts), default=0)
    return {
        "flush insert order = opt-in order": guess(
            zip(contact_inserts, (followed[record.position] for record in pool_inserts), strict=False)
        ),
        "flush insert order = pool delete order": guess(
            zip(contact_inserts, (followed.get(record.position) for record in pool_deletes), strict=False)
        ),
        "flush insert order = pool lock order": guess(
            zip(contact_inserts, (followed.get(record.position) for record in pool_locks), strict=False)
        ),
        "nearest pool delete in the WAL": guess(
            (record, followed.get(getattr(nearest(record, pool_deletes), "position", None)))
            for record in contact_inserts
        ),
        "same block and offset in the pool": guess(
            (record, followed.get(record.position)) for record in contact_inserts
        ),
        "answer committed last before the contact": guess(
            (record, _answered_before(responses, commits, flush_commit)) for record in contact_inserts
        ),
    }


def _invitation_attacks(records, commits, response_at, invitation_at) -> dict[str, dict]:
    """Every linking method tried on deeper answers: {method: {contact e-mail: response id}}."""
    tokens = _committed(records, commits, "eraati_invitationtoken", "Heap/INSERT")
    token_rank = {record.position: rank for rank, record in enumerate(tokens)}
    sends = _committed(records, commits, "eraati_surveyinvitation", "Heap/")
    sends = [record for record in sends if "UPDATE" in record.kind]
    sent_in_order = [invitation_at[record.position] for record in sends if record.position in invitation_at]
    rows_in_order = [email for _position, email in sorted(invitation_at.items())]
    answers = defaultdict(dict)  # xid -> {"spent": token position, "response": response id}
    for record in records:
        if record.xid not in commits:
            continue
        if record.table == "eraati_invitationtoken" and record.kind.startswith("Heap/DELETE"):
            answers[record.xid]["spent"] = record.position
        elif record.table == "eraati_response" and record.kind.startswith("Heap/INSERT"):
            answers[record.xid]["response"] = response_at.get(record.position)
    spent = [answer for answer in answers.values() if "spent" in answer and "response" in answer]

    def by_rank(order):
        return {
            order[token_rank[answer["spent"]]]: answer["response"]
            for answer in spent
            if answer["spent"] in token_rank and token_rank[answer["spent"]] < len(order)
        }

    return {
        "token row order = sending order": by_rank(sent_in_order),
        "token row order = invitation row order": by_rank(rows_in_order),
    }


def test_the_wal_links_no_contact_to_answers_and_no_invitation_to_an_answer(
    respondents, make_user, make_survey, report_channel
):
    postgres_extension("pg_walinspect")
    tables = ("eraati_response", "eraati_pendingcontact", "eraati_contact")
    start = _flushed_position()
    files = _filenodes(*tables)
    _survey, people = respondents()
    # The daily run, with the attacker's extra snapshot between the flush and the rewrite.
    services.flush_pending_contacts()
    contact_at = {position: email for position, email in _ctids("eraati_contact", "email").items()}
    services.purge_expired_contacts()
    assert Contact.objects.count() == OPTING_IN

    # Staff invite every contact to a deeper survey; some of them answer with their links.
    deeper = make_survey(kind=Survey.Kind.DEEPER)
    files.update(_filenodes("eraati_invitationtoken", "eraati_surveyinvitation"))
    mail.outbox.clear()
    assert (
        services.invite_to_survey(make_user(role="social_work_staff"), deeper, Contact.objects.all())
        == OPTING_IN
    )
    token_of = {message.to[0]: re.search(r"kutsu=(\S+)", message.body).group(1) for message in mail.outbox}
    rng = random.Random(1)
    invited = []
    for number, email in enumerate(rng.sample(sorted(token_of), ANSWERING_INVITED)):
        before = set(Response.objects.values_list("pk", flat=True))
        answer_over_http(
            Client(REMOTE_ADDR=f"127.0.2.{number + 2}"), deeper, respondent_values(rng), token=token_of[email]
        )
        (response_id,) = set(Response.objects.values_list("pk", flat=True)) - before
        invited.append(Respondent(address="", values={}, opts_in=True, email=email, response_id=response_id))
    _scalar("SELECT txid_current()")  # one more commit, so that the last answer's records are flushed
    end = _flushed_position()

    records, commits = _read_wal(start, end, files)
    response_at = {
        position: uuid.UUID(str(value)) for position, value in _ctids("eraati_response", "id").items()
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.ctid::text, c.email FROM eraati_surveyinvitation i JOIN eraati_contact c ON c.id = i.contact_id"
        )
        invitation_at = {
            tuple(int(part) for part in ctid.strip("()").split(",")): email
            for ctid, email in cursor.fetchall()
        }

    # The attacker had the material: every answer's, opt-in's and flush's records are in the window.
    stats = _wal_stats(start, end)
    assert stats["Heap/INSERT"] >= len(people) + ANSWERING_INVITED + OPTING_IN
    pool_lengths = {r.length for r in _committed(records, commits, "eraati_pendingcontact", "Heap/INSERT")}
    assert len(pool_lengths) == 1  # every opt-in's record is as long as every other: no e-mail length shows
    assert len(_committed(records, commits, "eraati_contact", "Heap/INSERT")) == OPTING_IN

    # What the WAL does tell (docs/privacy.md): which answers an opt-in followed, and whose token is whose
    # hash row. This also shows that the attacker reads the records right.
    responses = _committed(records, commits, "eraati_response", "Heap/INSERT")
    followed = {
        response_at[_answered_before(responses, commits, commits[record.xid][0]).position]
        for record in _committed(records, commits, "eraati_pendingcontact", "Heap/INSERT")
    }
    assert followed == {person.response_id for person in people if person.opts_in}

    contact_attacks = _contact_attacks(records, commits, response_at, contact_at)
    invitation_attacks = _invitation_attacks(records, commits, response_at, invitation_at)
    assert all(len(guesses) == OPTING_IN for guesses in contact_attacks.values()), contact_attacks
    assert all(len(guesses) == ANSWERING_INVITED for guesses in invitation_attacks.values())
    contact_scores = {method: links(guesses, people) for method, guesses in contact_attacks.items()}
    invitation_scores = {method: links(guesses, invited) for method, guesses in invitation_attacks.items()}
    report_channel(
        f"WAL (pg_walinspect): opt-in contact to its answers, best of {len(contact_scores)} methods",
        linked=max(contact_scores.values()),
        out_of=OPTING_IN,
        chance=1.0,
    )
    report_channel(
        f"WAL (pg_walinspect): invited contact to its deeper answer, best of {len(invitation_scores)} methods",
        linked=max(invitation_scores.values()),
        out_of=ANSWERING_INVITED,
        chance=ANSWERING_INVITED / OPTING_IN,
    )
    assert max(contact_scores.values()) <= LINK_MARGIN, contact_scores
    assert max(invitation_scores.values()) <= LINK_MARGIN, invitation_scores
    # The join that broke the old design: the spent token and the answer share a transaction, and the
    # token's row leads to no contact (no invitation row is written in an answer's transaction).
    answer_xids = {
        r.xid for r in records if r.table == "eraati_response" and r.kind.startswith("Heap/INSERT")
    }
    assert not [r for r in records if r.table == "eraati_surveyinvitation" and r.xid in answer_xids]


def _wal_stats(start: str, end: str) -> dict[str, int]:
    """``pg_get_wal_stats`` per record type: {"Heap/INSERT": count, ...}."""
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT "resource_manager/record_type", count FROM pg_get_wal_stats(%s, %s, true)', [start, end]
        )
        counts = defaultdict(int)
        for kind, count in cursor.fetchall():
            counts[kind.replace("INSERT+INIT", "INSERT")] += count
        return counts
