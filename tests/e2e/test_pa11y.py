"""A second accessibility engine beside axe-core: pa11y with HTML_CodeSniffer (WCAG 2.1 AA rules) finds no
error on any page type the axe sweep visits, in Finnish and in Swedish. Warnings and notices are for a
person to review; they are not counted.

`make test` installs pa11y into .tools/ with scripts/ensure-pa11y; it drives Debian's Chromium.
"""

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from kuulluksi.languages import url_in_language
from tests.e2e import a11y_data
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow

TOOLS = Path(settings.BASE_DIR) / ".tools/node_modules"
SWEEP = Path(__file__).with_name("pa11y_sweep.js")
OPTIONS = {
    "runners": ["htmlcs"],
    "standard": "WCAG2AA",
    "timeout": 60_000,
    # The Wagtail admin header's search form has a hidden, disabled submit button (so Enter submits):
    # hidden from every user and from assistive technology, though HTML_CodeSniffer asks it for a name.
    "hideElements": "input[hidden][disabled]",
    "chromeLaunchConfig": {"executablePath": CHROMIUM, "args": CHROMIUM_ARGS},
}
# A form sent empty: its first submit button in the main content, and what the answer must show.
SEND_EMPTY = {
    "button": "#main form button[type=submit]",
    "errors": ".errorlist, .error-summary, [aria-invalid=true]",
}


def _session(user, base_url) -> list[dict]:
    """The cookie of a session signed in as ``user`` (set in the browser, so the CSRF cookie joins it)."""
    client = Client()
    client.force_login(user)
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]


def _in_swedish(path: str) -> str:
    return path if path.startswith(("/sv/", "/en/")) else url_in_language(path, "sv")


def test_every_page_type_has_no_html_codesniffer_error_in_finnish_and_swedish(
    live_server, settings, tmp_path
):
    if not (TOOLS / "pa11y").exists():
        pytest.fail("pa11y is missing: run scripts/ensure-pa11y (make test does).")
    settings.FORUM_POSTS_PER_PAGE = a11y_data.POSTS_PER_PAGE
    data = a11y_data.build()
    # Results are checked for disclosure once, before two pages ask at the same moment.
    call_command("prepare_eraati_results", stdout=io.StringIO())
    visitor_pages, member_pages, staff_pages = a11y_data.sweep_pages(data)
    member = _session(data.citizen, live_server.url)
    pages = {}  # by label: a Finnish page's Swedish address may be in the list already

    def add(label, path, submit, cookies):
        page = {"url": live_server.url + path, "cookies": cookies}
        if submit:
            label += " sent empty"
            page["sendEmpty"] = SEND_EMPTY
        pages[label] = {"label": label, **page}

    for who, cookies, listed in (("visitor", [], visitor_pages), ("member", member, member_pages)):
        for path, submit in listed:
            add(f"{path} as {who}", path, submit, cookies)
            if not path.startswith(("/sv/", "/en/")):
                swedish = _in_swedish(path)
                add(f"{swedish} as {who}", swedish, submit, cookies)
    for user, paths in staff_pages:
        for path in paths:
            add(f"{path} as {user.username}", path, None, _session(user, live_server.url))

    config = tmp_path / "pages.json"
    config.write_text(json.dumps({"options": OPTIONS, "pages": list(pages.values())}))
    run = subprocess.run(
        ["node", str(SWEEP), str(config)],
        capture_output=True,
        text=True,
        timeout=600,
        env={"NODE_PATH": str(TOOLS), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout)
    assert results.keys() == pages.keys()
    errors = [
        f"{label}: {issue['code']} at {issue['selector']}: {issue['message']}"
        for label, issues in results.items()
        for issue in issues
        if issue["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
