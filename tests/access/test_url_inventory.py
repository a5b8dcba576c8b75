"""Every URL of the site is either public or in the access matrix: a new staff view without a matrix entry
fails here, before it reaches anyone."""

from django.urls import URLPattern, URLResolver, get_resolver

from .matrix import CASES, PUBLIC_URL_NAMES

PROJECT_APPS = {"accounts", "cms", "ktalks", "kuulluksi", "moderation", "forum", "eraati", "chat"}
UNNAMED_PUBLIC_ROUTES = {"media/<path:path>", "admin/test404/"}  # uploaded files (not in production); a 404


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield (
                prefix + str(pattern.pattern),
                f"{namespace}{pattern.name}" if pattern.name else None,
                pattern,
            )


def _belongs_to_the_project(pattern) -> bool:
    """A view written here, or a Wagtail viewset or snippet view of one of the project's models."""
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    module = (view_class or callback).__module__
    model = getattr(callback, "view_initkwargs", {}).get("model")
    app_label = getattr(getattr(model, "_meta", None), "app_label", None)
    return module.split(".")[0] in PROJECT_APPS or app_label in PROJECT_APPS


def _urls():
    return list(_walk(get_resolver().url_patterns))


def test_every_site_url_is_public_or_in_the_matrix():
    in_matrix = {case.url_name for case in CASES}
    unclassified = [
        (route, name)
        for route, name, _pattern in _urls()
        if not route.startswith("admin/")
        and name not in PUBLIC_URL_NAMES | in_matrix
        and route not in UNNAMED_PUBLIC_ROUTES
    ]
    assert not unclassified, f"Classify these in tests/access/matrix.py: {unclassified}"


def test_every_project_view_in_the_admin_is_in_the_matrix():
    # A viewset's views share its permission policy: a case for one of them stands for its namespace.
    namespaces = {case.url_name.split(":")[0] for case in CASES if ":" in case.url_name}
    missing = [
        (route, name)
        for route, name, pattern in _urls()
        if route.startswith("admin/")
        and _belongs_to_the_project(pattern)
        and name not in PUBLIC_URL_NAMES
        and name.split(":")[0] not in namespaces
    ]
    assert not missing, f"Add these to tests/access/matrix.py: {missing}"


def test_the_inventory_sees_the_project_admin_views():
    """The check above is only as good as its test for "a project view": it must find these."""
    project = {
        name
        for route, name, pattern in _urls()
        if route.startswith("admin/") and _belongs_to_the_project(pattern)
    }
    assert {
        "moderation_queue:index",
        "eraati_contacts:index",
        "chat_rooms:edit",
        "forum_categories:index",
    } <= project
    assert {f"wagtailsnippets_{label}:list" for label in ("eraati_survey", "moderation_rule")} <= project
    assert "wagtailusers_users:index" in project  # the user model is the project's own
    assert "wagtailadmin_workflows:index" not in project


def test_the_matrix_names_only_urls_that_exist():
    names = {name for _route, name, _pattern in _urls()}
    stale = sorted({case.url_name for case in CASES} - names) + sorted(PUBLIC_URL_NAMES - names)
    assert not stale
