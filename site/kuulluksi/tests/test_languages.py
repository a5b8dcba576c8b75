"""Columns per language: a migration that adds them fills the Finnish one, so that no text written
before goes missing."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddField, RunPython

from kuulluksi.languages import finnish_from_originals

PROJECT_APPS = {"accounts", "cms", "ktalks", "moderation", "forum", "eraati", "chat"}


@pytest.mark.django_db
def test_every_migration_that_adds_a_finnish_column_fills_it():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app_label, name), migration in loader.disk_migrations.items():
        if app_label not in PROJECT_APPS:
            continue
        added = {
            (operation.model_name.lower(), operation.name.removesuffix("_fi"))
            for operation in migration.operations
            if isinstance(operation, AddField) and operation.name.endswith("_fi")
        }
        filled = set()
        for operation in migration.operations:
            if isinstance(operation, RunPython) and hasattr(operation.code, "fills"):
                model, fields = operation.code.fills
                filled |= {(model.split(".")[1].lower(), field) for field in fields}
        assert added <= filled, f"{app_label}.{name} leaves {sorted(added - filled)} empty"


@pytest.mark.django_db
def test_the_step_copies_each_text_into_its_finnish_column():
    # The models as migrations see them: plain managers, the original and the Finnish column apart.
    historical = MigrationLoader(connection).project_state().apps
    rules = historical.get_model("moderation", "Rule").objects
    rules.update(title_fi=None, body_fi=None)
    finnish_from_originals("moderation.Rule", ("title", "body")).code(historical, None)
    assert rules.count() > 1
    assert all(rule.title_fi == rule.title and rule.body_fi == rule.body for rule in rules.all())
