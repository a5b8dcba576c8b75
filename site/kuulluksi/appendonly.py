"""Append-only tables enforced by the database: triggers that refuse UPDATE and DELETE.

PostgreSQL refuses both for every row (``flush`` empties tables with TRUNCATE, which row triggers do
not see). SQLite empties tables with DELETE, so there the DELETE trigger asks a function that only
this project's processes define and that says yes only inside :func:`emptying_allowed` (used by the
``flush`` command, i.e. emptying the whole database). Any other program that opens the file has no such
function, and SQLite refuses the DELETE ("no such function").
"""

import contextlib
import threading

SQLITE_FUNCTION = "kuulluksi_emptying_allowed"
_state = threading.local()


@contextlib.contextmanager
def emptying_allowed():
    """While this runs, SQLite lets append-only tables be emptied (the whole database is being flushed)."""
    _state.allowed = True
    try:
        yield
    finally:
        _state.allowed = False


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: define the function the SQLite DELETE triggers ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 0, lambda: int(getattr(_state, "allowed", False))
        )


def forward_sql(vendor: str, table: str, message: str, *, update: bool = True) -> list[str]:
    """Statements that make ``table`` refuse changes (``update=False``: DELETE only)."""
    name = f"{table}_append_only"
    if vendor == "postgresql":
        events = "UPDATE OR DELETE" if update else "DELETE"
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {name} BEFORE {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    if vendor == "sqlite":
        statements = [
            f"CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {table} WHEN NOT {SQLITE_FUNCTION}() "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        ]
        if update:
            statements.append(
                f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        return statements
    return []


def backward_sql(vendor: str, table: str) -> list[str]:
    name = f"{table}_append_only"
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}_no_delete", f"DROP TRIGGER IF EXISTS {name}_no_update"]
    return []


def operations(table: str, message: str, *, update: bool = True):
    """A migration's RunPython pair for ``table``."""

    def forward(apps, schema_editor):
        for statement in forward_sql(schema_editor.connection.vendor, table, message, update=update):
            schema_editor.execute(statement)

    def backward(apps, schema_editor):
        for statement in backward_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement)

    return forward, backward
