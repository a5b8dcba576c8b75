"""Nothing left to do: migration 0002 installs the audit log's UPDATE and DELETE triggers on both
engines (kuulluksi/appendonly.py). This one added SQLite's DELETE trigger to databases migrated before
that, and stays so that their migration history still matches."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_audit_log_triggers_and_defaults")]

    operations = []
