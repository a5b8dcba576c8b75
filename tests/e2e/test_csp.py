"""Content-Security-Policy in a real browser: no page type, the live chat, an editor's public pages or the
admin triggers a single violation.

Every ``securitypolicyviolation`` event of every page is reported to the test through an exposed function
(an init script adds the listener before any of the page's own code runs).
"""

import pytest
from django.test import Client

from accounts import roles
from kuulluksi.tests.public_pages import load_demo, representative_urls

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation({
    page: location.pathname, directive: event.effectiveDirective, blocked: event.blockedURI,
    source: event.sourceFile, line: event.lineNumber, sample: event.sample,
  });
});
"""


def _watched_page(new_page, violations, base_url, user=None):
    page = new_page()
    page.context.expose_function("reportCspViolation", lambda violation: violations.append(violation))
    page.context.add_init_script(LISTENER)
    if user is not None:
        client = Client()
        client.force_login(user)
        page.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
        )
    return page


def _visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.slow
def test_no_page_type_violates_its_content_security_policy(chat_server, open_session, new_page, make_user):
    base = chat_server
    load_demo()
    session, _volunteer = open_session
    violations = []

    visitor = _watched_page(new_page, violations, base)
    urls = representative_urls()
    signed_in_only = {"own data", "forum new topic"}
    for name, url in urls.items():
        if name not in signed_in_only:
            _visit(visitor, base + url)

    # The live chat: the WebSocket to the same host is allowed by connect-src 'self'.
    _visit(visitor, f"{base}/chat/session/{session.pk}/")
    visitor.get_by_label("Nimimerkki tähän chattiin").fill("Sininen")
    visitor.get_by_label("Kirjoita kuvan merkit", exact=False).fill("PASSED")
    visitor.get_by_role("button", name="Liity chattiin").click()
    visitor.get_by_text("Yhdistetty.").wait_for()

    citizen = _watched_page(new_page, violations, base, make_user())
    for name in signed_in_only:
        _visit(citizen, base + urls[name])

    # An editor reads public pages (strict policy) and works in the admin (its own).
    editor = _watched_page(new_page, violations, base, make_user(role=roles.COORDINATOR, superuser=True))
    for name in ("home", "K-talk page"):
        _visit(editor, base + urls[name])
    from ktalks.models import KTalkPage

    ktalk = KTalkPage.objects.live().first()
    for path in ("/admin/", f"/admin/pages/{ktalk.pk}/edit/", "/admin/images/", "/admin/forms/"):
        _visit(editor, base + path)

    assert violations == []

    # The listener itself works: an inline style on a public page is blocked and reported.
    _visit(visitor, base + "/")
    visitor.evaluate(
        "document.head.append(Object.assign(document.createElement('style'), {textContent: 'p{}'}))"
    )
    visitor.wait_for_timeout(300)
    assert [(v["page"], v["directive"]) for v in violations] == [("/", "style-src-elem")]
