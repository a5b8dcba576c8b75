"""The contact access log refuses UPDATE and DELETE in the database itself (kuulluksi/appendonly.py)."""

from django.db import migrations

from kuulluksi.appendonly import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [("eraati", "0005_pending_opt_in_pool")]

    operations = [AppendOnlyTriggers("contactaccesslog")]
