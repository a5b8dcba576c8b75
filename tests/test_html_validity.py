"""Every page type is valid HTML by the Nu HTML checker (the W3C's validator), with no error at all.

The checker is npm's vnu-jar, run with Java; `make test` installs it with scripts/ensure-html-checker.
"""

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from kuulluksi.tests.public_pages import load_demo, representative_urls

VNU_JAR = Path(settings.BASE_DIR) / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"


def _signed_in_urls() -> dict[str, str]:
    from eraati.selectors import surveys_with_public_results

    return {
        "own data": reverse("accounts:profile"),
        "notifications": reverse("accounts:notifications"),
        "eRaati results": reverse(
            "eraati:results", kwargs={"slug": surveys_with_public_results().first().slug}
        ),
        "rules": reverse("moderation:rules"),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_type_is_valid_html(client, tmp_path):
    if not VNU_JAR.exists():
        pytest.fail("The Nu HTML checker is missing: run scripts/ensure-html-checker (make test does).")
    load_demo()
    pages = {}
    anonymous = {name: url for name, url in representative_urls().items() if name != "own data"}
    for name, url in anonymous.items():
        pages[f"{name} (anonymous)"] = client.get(url, follow=True)
    client.force_login(get_user_model().objects.get(username="kansalainen"))
    for name, url in {**representative_urls(), **_signed_in_urls()}.items():
        pages[f"{name} (member)"] = client.get(url, follow=True)

    files = {}
    for number, (name, response) in enumerate(pages.items()):
        assert response.status_code in (200, 404), (name, response.status_code)
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files[path.name] = name
    checked = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *(str(p) for p in tmp_path.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or "{}").get("messages", [])
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert checked.returncode in (0, 1), checked.stderr[-2000:]
    assert not errors, "\n".join(errors)
    assert len(pages) >= 35
