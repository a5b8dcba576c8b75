"""The dependency rules of docs/architecture.md, checked on the import statements of the code itself."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = {
    "accounts": ROOT / "site" / "accounts",
    "cms": ROOT / "site" / "cms",
    "kuulluksi": ROOT / "site" / "kuulluksi",
    "ktalks": ROOT / "site" / "ktalks",
    "moderation": ROOT / "moderation",
    "forum": ROOT / "forum",
    "eraati": ROOT / "eraati",
    "chat": ROOT / "chat",
}


def _production_modules(folder: Path):
    """Every module the site may load: everything but the tests and their fixtures."""
    for path in sorted(folder.rglob("*.py")):
        parts = set(path.relative_to(folder).parts)
        if "tests" in parts or path.name == "conftest.py":
            continue
        yield path


def _imported_top_levels(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(APPS))
def test_the_site_never_imports_the_testing_helpers(app):
    offenders = [
        str(path.relative_to(ROOT))
        for path in _production_modules(APPS[app])
        if "testing" in _imported_top_levels(path)
    ]
    assert offenders == []


def test_moderation_imports_no_service_that_it_moderates():
    """Forum and chat call moderation; moderation knows them only through signals and content types."""
    services = {"forum", "chat", "eraati", "ktalks"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_top_levels(path) & services)
        for path in _production_modules(APPS["moderation"])
        if _imported_top_levels(path) & services
    }
    assert offenders == {}


def test_the_check_can_see_an_import():
    """The parser finds imports at any depth, so the checks above cannot pass by reading nothing."""
    source = ROOT / "testing" / "loadtools.py"
    assert "testing" in _imported_top_levels(source)
    assert len(list(_production_modules(APPS["moderation"]))) > 10


@pytest.mark.parametrize(
    ("writer", "the_one_place"),
    [
        ("AuditEntry.objects.create", "moderation/services/audit.py"),
        ("ContactAccessLog.objects.create", "eraati/services.py"),
    ],
)
def test_each_append_only_log_is_written_in_one_place(writer, the_one_place):
    writers = [
        str(path.relative_to(ROOT))
        for folder in APPS.values()
        for path in _production_modules(folder)
        if "migrations" not in path.parts and writer in path.read_text(encoding="utf-8")
    ]
    assert writers == [the_one_place]
