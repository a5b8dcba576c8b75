"""The contact access log and the moderation audit log refuse UPDATE and DELETE in the database itself:
plain SQL from a database shell cannot rewrite who looked at contacts or what moderators did."""

import pytest
from django.db import DatabaseError, connection, transaction

from eraati import services as eraati_services
from eraati.models import ContactAccessLog
from moderation.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

STATEMENTS = {
    "eraati_contactaccesslog": ("UPDATE {table} SET contact_count = 0", "DELETE FROM {table}"),
    "moderation_auditentry": ("UPDATE {table} SET action = action", "DELETE FROM {table}"),
}


@pytest.fixture
def logged(make_user):
    staff = make_user(role="social_work_staff")
    eraati_services.record_contact_access(staff, ContactAccessLog.Action.LIST, contact_count=3)
    AuditEntry.objects.create(action=AuditAction.choices[0][0], detail={"note": "kirjattu"})
    assert ContactAccessLog.objects.count() == AuditEntry.objects.count() == 1


@pytest.mark.parametrize("table", sorted(STATEMENTS))
@pytest.mark.parametrize("verb", ["UPDATE", "DELETE"])
def test_plain_sql_cannot_change_or_delete_a_log_row(logged, table, verb):
    statement = next(s for s in STATEMENTS[table] if s.startswith(verb)).format(
        table=connection.ops.quote_name(table)
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert ContactAccessLog.objects.count() == AuditEntry.objects.count() == 1
    assert ContactAccessLog.objects.get().contact_count == 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="another program opening the SQLite file")
def test_sqlite_shell_cannot_delete_either(logged):
    """The tables and triggers as installed, opened by another program (no Django, no functions it
    registers): DELETE is refused there too."""
    import sqlite3

    shell = sqlite3.connect(":memory:")
    with connection.cursor() as cursor:
        for table in STATEMENTS:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND type IN ('table', 'trigger')", [table]
            )
            for (sql,) in sorted(cursor.fetchall(), key=lambda row: "TRIGGER" in row[0]):
                shell.execute(sql.replace('REFERENCES "accounts_user" ("id")', ""))
    shell.execute(
        "INSERT INTO eraati_contactaccesslog (user_id, at, action, detail, contact_count) VALUES (1, '2026-01-01', 'list', '', 3)"
    )
    with pytest.raises(sqlite3.DatabaseError):
        shell.execute("DELETE FROM eraati_contactaccesslog")
    with pytest.raises(sqlite3.DatabaseError):
        shell.execute("UPDATE eraati_contactaccesslog SET contact_count = 0")
    assert shell.execute("SELECT contact_count FROM eraati_contactaccesslog").fetchall() == [(3,)]
    shell.close()
