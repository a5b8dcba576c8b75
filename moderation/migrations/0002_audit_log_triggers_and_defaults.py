"""The audit log refuses changes in the database itself, and the first rules and watch lists are loaded."""

from django.db import migrations

# SQLite: UPDATE is refused. DELETE stays possible there because the test runner empties tables with
# DELETE; on PostgreSQL (which empties them with TRUNCATE) DELETE is refused too.
SQLITE_FORWARD = """
CREATE TRIGGER moderation_auditentry_no_update BEFORE UPDATE ON moderation_auditentry
BEGIN SELECT RAISE(ABORT, 'moderation audit log is append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS moderation_auditentry_no_update;"
POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION moderation_auditentry_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'moderation audit log is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_auditentry_append_only BEFORE UPDATE OR DELETE ON moderation_auditentry
FOR EACH ROW EXECUTE FUNCTION moderation_auditentry_append_only();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS moderation_auditentry_append_only ON moderation_auditentry;
DROP FUNCTION IF EXISTS moderation_auditentry_append_only();
"""


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


def load_defaults(apps, schema_editor):
    from moderation.defaults import load_defaults

    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
    ]
