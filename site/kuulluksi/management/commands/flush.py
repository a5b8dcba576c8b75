"""Django's ``flush``, allowed to empty the append-only tables on SQLite (kuulluksi/appendonly.py).

Emptying the whole database is the one deletion those tables allow: PostgreSQL's flush (TRUNCATE) is
not seen by row triggers either. The test runner empties databases with this command too.
"""

from django.core.management.commands.flush import Command as DjangoFlush

from kuulluksi.appendonly import emptying_allowed


class Command(DjangoFlush):
    def handle(self, **options):
        with emptying_allowed():
            return super().handle(**options)
