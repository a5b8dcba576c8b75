"""Withdrawal leaves no readable copy of the contact in PostgreSQL's pages (read with pageinspect)
once the daily run has rewritten the table."""

import pytest
from django.db import connection
from django.test import Client

from eraati import services
from eraati.conftest import opted_in

EMAIL = "poistettava.osoite@example.org"


def _raw_pages(table: str) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        (pages,) = cursor.fetchone()
        data = b""
        for page in range(pages):
            cursor.execute("SELECT get_raw_page(%s, %s)", [table, page])
            data += bytes(cursor.fetchone()[0])
        return data


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pageinspect reads PostgreSQL's pages")
@pytest.mark.django_db(transaction=True)
def test_withdrawn_address_is_gone_from_the_table_pages(django_capture_on_commit_callbacks):
    contact = opted_in(email=EMAIL, wants_surveys=True)
    opted_in(email="jaa@example.org", wants_surveys=True)
    assert EMAIL.encode() in _raw_pages("eraati_contact")
    with django_capture_on_commit_callbacks(execute=True):
        path = "/" + services.withdraw_url(contact).split("://", 1)[1].split("/", 1)[1]
        response = Client().post(path)
    assert response.status_code == 200
    services.purge_expired_contacts()
    assert EMAIL.encode() not in _raw_pages("eraati_contact")
    assert b"jaa@example.org" in _raw_pages("eraati_contact")
