"""Real-browser fixtures: Playwright for Python driving Debian's Chromium, axe-core for accessibility.

Every test under tests/e2e/ is marked ``browser``. Pages are served by pytest-django's ``live_server``;
pages that need WebSockets (the chat) by ``chat_server``.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around
    it (creating users, reading results) are still synchronous and safe."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Return a factory: new_page(width=1280, height=800, javascript=True, scale=1) -> a page in a fresh
    context. Width and height are CSS pixels; ``scale=2`` with 640 x 400 is a 1280 x 800 window at 200 % zoom."""
    contexts = []

    def factory(*, width=1280, height=800, javascript=True, scale=1):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=scale,
            java_script_enabled=javascript,
            locale="fi-FI",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Return check(page): fails with axe-core's report when a serious or critical violation is found."""

    def check(page):
        results = axe.run(page)
        violations = [
            violation
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        assert not violations, results.generate_report()

    return check


@pytest.fixture
def axe_violations(axe):
    """Return violations(page, impacts=BLOCKING_IMPACTS) -> axe-core's violations of those impacts on the
    page, one line each, for tests that sweep many pages and report them all at once."""

    def violations(page, impacts=BLOCKING_IMPACTS):
        return [
            f"{violation['impact']} {violation['id']} ({violation['help']}): "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
            for violation in axe.run(page).response["violations"]
            if violation["impact"] in impacts
        ]

    return violations


@pytest.fixture
def chat_server(transactional_db):
    """The base URL of the whole ASGI application (HTTP and WebSockets).

    pytest-django's ``live_server`` speaks only HTTP, so daphne serves the application from a thread
    of the test process: it shares the test database (and the in-memory channel layer) with the test.
    """
    from tests.e2e.servers import daphne_url

    return daphne_url()


@pytest.fixture
def open_session(transactional_db, default_rules, make_user):
    """An open chat session with a volunteer on duty: returns ``(session, volunteer)``."""
    from django.utils import timezone

    from accounts import roles
    from chat import services
    from chat.models import ChatSession, Room

    volunteer = make_user(role=roles.PEER_MODERATOR, pseudonym="vapaaehtoinen")
    room = Room.objects.create(name="Kahden tunnin chat", slug="kahden-tunnin-chat", kind=Room.OPEN)
    now = timezone.now()
    session = ChatSession.objects.create(
        room=room, title="Kahden tunnin chat", starts_at=now, ends_at=now + timezone.timedelta(hours=2)
    )
    services.sign_up_for_shift(session, volunteer=volunteer)
    return services.open_session(session, by=volunteer), volunteer
