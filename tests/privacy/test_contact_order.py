"""A database administrator cannot pair an opt-in contact with the answers of the person who left it:
not by row order (SQLite's rowid, PostgreSQL's ctid), not by xmin, not by what waits in the pool."""

import uuid

import pytest
from django.db import connection

from eraati import services
from eraati.models import Contact, PendingContact

from .conftest import LINK_MARGIN, OPTING_IN, links

pytestmark = pytest.mark.django_db


def _ordered(table: str, order: str, *columns: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")  # noqa: S608
        return cursor.fetchall()


def _physical_order() -> str:
    return "ctid" if connection.vendor == "postgresql" else "rowid"


def _email(contact_id) -> str:
    return Contact.objects.get(pk=contact_id).email


def _rank_attack(people, order: str) -> dict:
    """Pair the k-th contact with the k-th opted-in respondent's response, both in ``order``: the attack
    that broke the old design, given the best knowledge possible of who opted in."""
    contacts = [row[0] for row in _ordered("eraati_contact", order, "id")]
    # Response ids come back as UUIDs (PostgreSQL) or hex strings (SQLite): compared as UUIDs.
    responses = [uuid.UUID(str(row[0])) for row in _ordered("eraati_response", order, "id")]
    opted = {person.response_id for person in people if person.opts_in}
    opted_in_order = [response for response in responses if response in opted]
    return {_email(c): r for c, r in zip(contacts, opted_in_order, strict=False)}


def test_pool_holds_nothing_readable_and_nothing_of_its_size(respondents):
    _survey, people = respondents()
    pending = list(PendingContact.objects.values_list("sealed", flat=True))
    assert len(pending) == OPTING_IN and Contact.objects.count() == 0
    assert len({len(bytes(sealed)) for sealed in pending}) == 1  # one size: no e-mail length shows
    dump = b" ".join(bytes(sealed) for sealed in pending)
    for person in people:
        assert person.email.encode() not in dump


def test_physical_order_of_contacts_links_no_better_than_chance(respondents, report_channel):
    _survey, people = respondents()
    # Between the opt-ins and the daily run, and after it (the run flushes the pool).
    before = links(_rank_attack(people, _physical_order()), people)
    services.purge_expired_contacts()
    assert Contact.objects.count() == OPTING_IN and not PendingContact.objects.exists()
    after = links(_rank_attack(people, _physical_order()), people)
    report_channel(
        f"row order ({_physical_order()}): opt-in contact to its answers",
        linked=max(before, after),
        out_of=OPTING_IN,
        chance=1.0,
    )
    assert before <= LINK_MARGIN
    assert after <= LINK_MARGIN


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin and ctid are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_xmin_links_no_contact_to_its_answers(respondents, report_channel):
    _survey, people = respondents()
    services.purge_expired_contacts()
    xmins = {row[0] for row in _ordered("eraati_contact", "id", "xmin::text")}
    assert len(xmins) == 1  # every contact written by one transaction
    by_rank = links(_rank_attack(people, "xmin::text::bigint, ctid"), people)
    # The neighbour attack: each contact paired with the last response written before it.
    responses = _ordered("eraati_response", "xmin::text::bigint", "id", "xmin::text::bigint")
    guesses = {}
    for contact_id, contact_xmin in _ordered("eraati_contact", "id", "id", "xmin::text::bigint"):
        before = [response for response, xmin in responses if xmin < contact_xmin]
        if before:
            guesses[_email(contact_id)] = uuid.UUID(str(before[-1]))
    by_neighbour = links(guesses, people)
    report_channel(
        "xmin interleaving: opt-in contact to its answers, best of 2 methods",
        linked=max(by_rank, by_neighbour),
        out_of=OPTING_IN,
        chance=1.0,
    )
    assert by_rank <= LINK_MARGIN
    assert by_neighbour <= LINK_MARGIN
