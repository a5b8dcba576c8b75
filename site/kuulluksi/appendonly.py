"""Append-only tables: logs that are only ever inserted into (the moderation audit log, the contact
access log).

Two layers refuse changes. :class:`AppendOnlyModel` refuses them in Python (``save()`` of a stored row,
``delete()``, queryset ``update()``/``delete()``); :class:`AppendOnlyTriggers`, a migration operation,
installs database triggers that refuse UPDATE and DELETE on PostgreSQL and SQLite, so that plain SQL
from a database shell cannot rewrite a log either.

PostgreSQL refuses both for every row (``flush`` empties tables with TRUNCATE, which row triggers do
not see). SQLite empties tables with DELETE, so there the DELETE trigger asks a function that only
this project's processes define and that says yes only inside :func:`emptying_allowed` (used by the
``flush`` command, i.e. emptying the whole database). Any other program that opens the file has no such
function, and SQLite refuses the DELETE ("no such function").
"""

import contextlib
import threading

from django.db import models
from django.db.migrations.operations.base import Operation

SQLITE_FUNCTION = "kuulluksi_emptying_allowed"
_state = threading.local()


class AppendOnlyError(TypeError):
    """Raised on any attempt to change or delete a row of an append-only table."""


def _refusal(model) -> AppendOnlyError:
    return AppendOnlyError(f"{model._meta.label} is append-only.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise _refusal(self.model)

    def delete(self):
        raise _refusal(self.model)


class AppendOnlyModel(models.Model):
    """Abstract base of a log whose rows are only inserted. Its migrations add
    ``AppendOnlyTriggers(model_name=…)`` so that the database refuses changes too."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _refusal(type(self))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refusal(type(self))


# --- Database triggers ----------------------------------------------------------------------------


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


def install_sql(vendor: str, table: str) -> list[str]:
    """Statements that make ``table`` refuse UPDATE and DELETE (none on other engines)."""
    name = f"{table}_append_only"
    message = f"{table} is append-only"
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {table} WHEN NOT {SQLITE_FUNCTION}() "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        ]
    return []


def drop_sql(vendor: str, table: str, legacy_sqlite_triggers: tuple[str, ...] = ()) -> list[str]:
    """Statements that remove what :func:`install_sql` made (and older SQLite triggers by name)."""
    name = f"{table}_append_only"
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
    if vendor == "sqlite":
        names = (f"{name}_no_delete", f"{name}_no_update", *legacy_sqlite_triggers)
        return [f"DROP TRIGGER IF EXISTS {trigger}" for trigger in names]
    return []


class AppendOnlyTriggers(Operation):
    """Migration operation: the model's table refuses UPDATE and DELETE on PostgreSQL and SQLite.

    Installing is idempotent: the table's append-only triggers are dropped first, then made again.
    Reversing drops them, and ``legacy_sqlite_triggers`` too (names that databases migrated by an
    earlier version of the migration gave their SQLite triggers). Rows are not touched.
    """

    reversible = True

    def __init__(self, model_name: str, legacy_sqlite_triggers: tuple[str, ...] = ()):
        self.model_name = model_name
        self.legacy_sqlite_triggers = tuple(legacy_sqlite_triggers)

    def deconstruct(self):
        kwargs: dict[str, object] = {"model_name": self.model_name}
        if self.legacy_sqlite_triggers:
            kwargs["legacy_sqlite_triggers"] = self.legacy_sqlite_triggers
        return (self.__class__.__qualname__, [], kwargs)

    def state_forwards(self, app_label, state):
        pass

    def _run(self, statements, schema_editor, model) -> None:
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            for statement in statements:
                schema_editor.execute(statement)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        vendor, table = schema_editor.connection.vendor, model._meta.db_table
        statements = drop_sql(vendor, table, self.legacy_sqlite_triggers) + install_sql(vendor, table)
        self._run(statements, schema_editor, model)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        vendor, table = schema_editor.connection.vendor, model._meta.db_table
        self._run(drop_sql(vendor, table, self.legacy_sqlite_triggers), schema_editor, model)

    def describe(self):
        return f"Make {self.model_name} refuse UPDATE and DELETE in the database"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_append_only"
