"""WCAG 1.4.10 in the admin: on a 320 CSS px screen every generic list (each of the project's model and
snippet lists, users and groups) keeps the page from scrolling sideways, and its table scrolls in a box
of its own that the keyboard can focus and a screen reader names, instead of being cut off."""

import io

from django.core.management import call_command
from django.urls import reverse

from testing.admin import project_viewsets
from tests.e2e.flows import TABLE_REFLOW, logged_in_page

# Lists the demo fills with records whose tables are wider than 320 px: they must be among those checked.
WIDE_LISTS = {
    "SurveyViewSet",
    "ChatSessionViewSet",
    "CommitmentViewSet",
    "users",
}


def _lists() -> dict[str, str]:
    """Each list's address by a name for the messages."""
    lists = {type(viewset).__name__: viewset.menu_url for viewset in project_viewsets()}
    return {
        **lists,
        "users": reverse("wagtailusers_users:index"),
        "groups": reverse("wagtailusers_groups:index"),
    }


def test_every_admin_list_scrolls_its_table_in_its_own_box_at_320_px(live_server, new_page, make_user):
    call_command("load_demo", stdout=io.StringIO())
    admin = make_user(role=None, superuser=True, pseudonym="yllapitaja-e2e")
    page = logged_in_page(new_page, live_server.url, admin, width=320, height=640)
    problems, with_table = [], set()
    for name, path in _lists().items():
        page.goto(live_server.url + path)
        layout = page.evaluate(TABLE_REFLOW)
        if layout["pageScrollWidth"] > layout["viewport"]:
            problems.append(f"{name}: the page scrolls sideways ({layout['pageScrollWidth']} px)")
        if "box" not in layout:
            continue
        with_table.add(name)
        box = layout["box"]
        if box is None:
            problems.append(f"{name}: the table is cut off, no box scrolls it")
        elif box["right"] > layout["viewport"] + 1 or box["scrollWidth"] < box["tableWidth"] - 1:
            problems.append(f"{name}: the box does not hold the whole table ({box})")
        elif box["role"] != "region" or box["tabindex"] != "0" or not box["label"]:
            problems.append(f"{name}: the box cannot be focused or has no name ({box})")
    assert problems == []
    assert with_table >= WIDE_LISTS, "the demo has records in these lists"
