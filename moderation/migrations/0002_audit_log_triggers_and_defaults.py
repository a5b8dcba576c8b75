"""The audit log refuses changes in the database itself, and the first rules and watch lists are loaded."""

from django.db import migrations

from kuulluksi.appendonly import AppendOnlyTriggers


def load_defaults(apps, schema_editor):
    from moderation.defaults import load_defaults

    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [
        # Databases migrated by this migration's earlier text have SQLite's UPDATE trigger under this
        # name; reversing drops it too.
        AppendOnlyTriggers("auditentry", legacy_sqlite_triggers=("moderation_auditentry_no_update",)),
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
    ]
