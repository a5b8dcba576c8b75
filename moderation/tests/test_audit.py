"""The audit log is append-only: in the model, the queryset and the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from kuulluksi.appendonly import AppendOnlyError
from moderation.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return AuditEntry.objects.create(action=AuditAction.REPORT, detail={"note": "alkuperäinen"})


def test_save_of_an_existing_entry_is_refused(entry):
    entry.detail = {"note": "muutettu"}
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_delete_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_queryset_update_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action=AuditAction.DECISION)


def test_database_refuses_update(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE moderation_auditentry SET object_id = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.object_id == ""


def test_database_refuses_delete(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM moderation_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
