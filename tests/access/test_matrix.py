"""Every role against every view that is not public: the outcome, and nothing changed when denied."""

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from .matrix import ADMIN_DENIED, ADMIN_LOGIN, ALWAYS_WATCHED, CASES, DONE, LOGIN, REFUSED, expected
from .world import ROLES


def _outcome(response) -> str:
    if response.status_code != 302:
        return str(response.status_code)
    location = response["Location"]
    if location.startswith("/accounts/login/"):
        return LOGIN
    if location.startswith("/admin/login/"):
        return ADMIN_LOGIN
    if location == "/admin/":
        return ADMIN_DENIED
    return "302"


def _watched_models(case, objects):
    labels = {objects[label[1:]]._meta.label if label.startswith("@") else label for label in case.touches}
    return [apps.get_model(label) for label in sorted(labels)]


def _log_sizes() -> tuple:
    """The row counts of the append-only logs."""
    return tuple(apps.get_model(label).objects.count() for label in ALWAYS_WATCHED)


def _snapshot(models) -> tuple:
    rows = [list(model.objects.order_by("pk").values_list()) for model in models]
    return _log_sizes(), rows


def _check(case, role, world) -> str | None:
    """None when ``role`` gets what the matrix says, else what went wrong."""
    objects = world.objects
    url = reverse(case.url_name, kwargs=case.kwargs(objects))
    # Denied requests must change nothing; allowed ones are compared only when they must change something.
    watched = role not in case.allowed or case.changes
    models = _watched_models(case, objects)
    before = _snapshot(models) if watched else None
    response = getattr(world.clients[role], case.method)(url, case.data(objects))
    changed = watched and _snapshot(models) != before
    want, got = expected(case, role), _outcome(response)
    if want in (DONE, REFUSED):
        if got != "302":
            return f"{role}: expected {want}, got {got}"
        if want == REFUSED and changed:
            return f"{role}: refused, but the data changed"
        if want == DONE and case.changes and not changed:
            return f"{role}: allowed, but nothing changed"
    elif got != want:
        return f"{role}: expected {want}, got {got}"
    if role not in case.allowed and changed:
        return f"{role}: denied ({got}), but the data changed"
    return None


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_role_gets_what_the_matrix_says(world, db, case):
    failures = []
    for role in ROLES:
        with transaction.atomic():
            failures.append(_check(case, role, world))
            transaction.set_rollback(True)
    failures = [failure for failure in failures if failure]
    assert not failures, "\n".join(failures)
