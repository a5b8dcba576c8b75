"""The audit log refuses DELETE on SQLite too (UPDATE and PostgreSQL's DELETE: migration 0002)."""

from django.db import migrations

from kuulluksi.appendonly import backward_sql, forward_sql

TABLE = "moderation_auditentry"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in forward_sql("sqlite", TABLE, "moderation audit log is append-only", update=False):
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in backward_sql("sqlite", TABLE):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_audit_log_triggers_and_defaults")]

    operations = [migrations.RunPython(forward, backward)]
