"""Make the database fail on purpose: at the N-th statement of a kind, or on every statement from then on.

``connection.execute_wrapper`` sees every statement the test's own connection runs, so a request made
with the test client fails exactly where the wrapper says, as a lost PostgreSQL connection would.
"""

import contextlib

from django.db import OperationalError, connection

LOST = "server closed the connection unexpectedly"


class FailingDatabase:
    """Counts statements starting with ``verb`` (or all); the ``fail_at``-th fails, and with
    ``stay_down`` every later statement fails too (an outage rather than one broken statement)."""

    def __init__(self, *, fail_at: int, verb: str = "", stay_down: bool = False):
        self.fail_at, self.verb, self.stay_down = fail_at, verb.upper(), stay_down
        self.seen = 0
        self.failed = 0

    def __call__(self, execute, sql, params, many, context):
        down = self.stay_down and self.failed
        if not down and sql.lstrip().upper().startswith(self.verb):
            self.seen += 1
            down = self.seen == self.fail_at
        if down:
            self.failed += 1
            raise OperationalError(LOST)
        return execute(sql, params, many, context)


@contextlib.contextmanager
def failing_database(*, fail_at: int = 1, verb: str = "", stay_down: bool = False):
    """``with failing_database(fail_at=2, verb="INSERT") as faults:`` — the second INSERT fails."""
    faults = FailingDatabase(fail_at=fail_at, verb=verb, stay_down=stay_down)
    with connection.execute_wrapper(faults):
        yield faults
