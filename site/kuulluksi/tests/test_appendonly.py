"""The append-only base and its migration operation, on whichever engine the suite runs on."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from kuulluksi.appendonly import AppendOnlyModel, AppendOnlyTriggers

APPEND_ONLY_MODELS = sorted(
    (model for model in apps.get_models() if issubclass(model, AppendOnlyModel)),
    key=lambda model: model._meta.label,
)


# One row's fields for each append-only model.
ROWS = {
    "eraati.ContactAccessLog": lambda make_user: {"user": make_user(), "action": "list"},
    "moderation.AuditEntry": lambda make_user: {"action": "report"},
}


def test_the_logs_are_append_only_models():
    assert [model._meta.label for model in APPEND_ONLY_MODELS] == sorted(ROWS)


@pytest.mark.parametrize("model", APPEND_ONLY_MODELS, ids=lambda model: model._meta.label)
def test_every_append_only_model_has_its_triggers_migration(model):
    """A new append-only model whose migrations forget the triggers fails here."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    operations = [
        operation
        for (app_label, _name), migration in loader.disk_migrations.items()
        if app_label == model._meta.app_label
        for operation in migration.operations
    ]
    assert any(
        isinstance(operation, AppendOnlyTriggers) and operation.model_name == model._meta.model_name
        for operation in operations
    )


class _Editor:
    """The part of a schema editor the operation uses, on the test's own connection and transaction
    (SQLite's real schema editor refuses to start inside one)."""

    def __init__(self):
        self.connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _refuses_update(table: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {connection.ops.quote_name(table)} SET id = id")  # noqa: S608
    except DatabaseError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("model", APPEND_ONLY_MODELS, ids=lambda model: model._meta.label)
def test_operation_installs_and_removes_the_triggers(model, make_user):
    model.objects.create(**ROWS[model._meta.label](make_user))
    operation = AppendOnlyTriggers(model._meta.model_name)
    state = ProjectState.from_apps(apps)
    app_label, table = model._meta.app_label, model._meta.db_table
    assert _refuses_update(table)

    operation.database_backwards(app_label, _Editor(), state, state)
    assert not _refuses_update(table)

    operation.database_forwards(app_label, _Editor(), state, state)
    operation.database_forwards(app_label, _Editor(), state, state)  # installing twice is harmless
    assert _refuses_update(table)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
    assert model.objects.count() == 1


def test_operation_deconstructs_for_migration_files():
    operation = AppendOnlyTriggers("auditentry", legacy_sqlite_triggers=("old_name",))
    assert operation.deconstruct() == (
        "AppendOnlyTriggers",
        [],
        {"model_name": "auditentry", "legacy_sqlite_triggers": ("old_name",)},
    )
