"""The XSS corpus through moderation: held texts, report notes, appeals, pseudonyms and notifications,
opened as a peer moderator, a coordinator and the author."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts import roles
from accounts.notifications import notify
from moderation import services
from moderation.models import DecisionAction, ModerationState, QueueItem, Report, Rule
from testing.moderation import create_sample_table, submit
from tests.e2e.xss import assert_nothing_ran, check_page, trapped_page
from tests.xss import one_line_payloads, xss_payloads

PSEUDONYM = '"><svg/onload=window.__xss=1>'


@pytest.fixture
def moderation_data(transactional_db, django_db_blocker, settings, default_rules):
    """The sample content table and the shipped rules (a flush by an earlier browser test removes them)."""
    settings.MODERATION_NEW_USER_HELD_POSTS = 1000  # everything the author writes waits in the queue
    with django_db_blocker.unblock():
        create_sample_table()


def _item(content) -> QueueItem:
    """The newest queue item of ``content`` (a report opens a new one after an approval)."""
    content_type = ContentType.objects.get_for_model(content)
    return QueueItem.objects.filter(content_type=content_type, object_id=str(content.pk)).latest("id")


@pytest.mark.slow
def test_corpus_in_moderation_runs_nothing_for_moderators_or_the_author(
    live_server, new_page, make_user, moderation_data
):
    author = make_user(pseudonym=PSEUDONYM, email="author@example.org")
    moderator = make_user(role=roles.PEER_MODERATOR)
    coordinator = make_user(role=roles.COORDINATOR)
    rule = Rule.objects.order_by("number").last()
    payloads = xss_payloads()
    held = [submit(author=author, text=payload)[0] for payload in payloads]
    assert all(content.moderation_state == ModerationState.HELD for content in held)

    # One published message reported by many readers, each with a payload as the note (every fourth
    # payload: a report per reader is costly, and the notes go through the same template as the rest).
    reported = held[-1]
    services.decide(_item(reported), moderator=coordinator, action=DecisionAction.APPROVE)
    for payload in one_line_payloads(1000)[1::4]:
        services.report_content(reported, reporter=make_user(), rule=rule, note=payload)
    # Every fourth held message is hidden, and the author appeals with a payload.
    appeals = []
    for content, payload in list(zip(held, payloads, strict=True))[:-1:4]:
        decision = services.decide(
            _item(content), moderator=coordinator, action=DecisionAction.HIDE, rule=rule
        )
        appeals.append(services.file_appeal(decision, author=author, text=payload))
    for payload in payloads[:20]:
        notify(author, title=payload[:200], body=payload)

    base = live_server.url
    page, dialogs = trapped_page(new_page, base, moderator)
    check_page(page, dialogs, base + reverse("moderation_queue:index"), "main", expect_text="window.__xss")
    for content in (held[1], reported):
        url = base + reverse("moderation_queue:item", args=[_item(content).pk])
        check_page(page, dialogs, url, "main", expect_text="window.__xss")

    page, dialogs = trapped_page(new_page, base, make_user(role=roles.COORDINATOR))
    check_page(page, dialogs, base + reverse("moderation_appeals:index"), "main", expect_text="window.__xss")
    for appeal in appeals[:2]:
        url = base + reverse("moderation_appeals:decide", args=[appeal.pk])
        check_page(page, dialogs, url, "main", expect_text=appeal.text)
    check_page(page, dialogs, base + reverse("moderation_log:index"), "main")

    page, dialogs = trapped_page(new_page, base, author)
    check_page(page, dialogs, base + reverse("accounts:notifications"), "main", expect_text="window.__xss")
    check_page(page, dialogs, base + reverse("accounts:profile"), "main", expect_text=PSEUDONYM)
    url = base + reverse("moderation:appeal", args=[appeals[0].decision_id])
    check_page(page, dialogs, url, "main", expect_text="window.__xss")


@pytest.mark.slow
def test_payloads_typed_into_the_report_and_appeal_forms_run_nothing(
    live_server, new_page, make_user, moderation_data
):
    author = make_user()
    reader = make_user()
    coordinator = make_user(role=roles.COORDINATOR)
    rule = Rule.objects.order_by("number").last()
    published, hidden = (submit(author=author, text=text)[0] for text in ("Julkaistu", "Piilotettu"))
    services.decide(_item(published), moderator=coordinator, action=DecisionAction.APPROVE)
    decision = services.decide(_item(hidden), moderator=coordinator, action=DecisionAction.HIDE, rule=rule)
    payload = "</textarea><img src=x onerror=window.__xss=1>"
    base = live_server.url

    page, dialogs = trapped_page(new_page, base, reader)
    content_type = ContentType.objects.get_for_model(published)
    # A "next" address that is a script is not followed or shown: the form links back to the message.
    page.goto(f"{base}/moderation/report/{content_type.pk}/{published.pk}/?next=javascript:window.__xss=1")
    assert page.get_by_role("link", name="Peruuta").get_attribute("href") == published.get_absolute_url()
    page.locator("input[name=rule]").first.check()
    page.fill("textarea[name=note]", payload)
    page.get_by_role("button", name="Lähetä ilmoitus").click()
    page.wait_for_url("**" + published.get_absolute_url())
    assert Report.objects.get().note == payload
    assert_nothing_ran(page, dialogs)

    page, dialogs = trapped_page(new_page, base, author)
    page.goto(base + reverse("moderation:appeal", args=[decision.pk]))
    page.fill("textarea[name=text]", payload)
    page.get_by_role("button", name="Lähetä valitus").click()
    page.locator("main p").get_by_text(payload).wait_for()
    assert decision.appeal.text == payload
    check_page(page, dialogs, page.url, "main", expect_text=payload)

    page, dialogs = trapped_page(new_page, base, make_user(role=roles.COORDINATOR))
    check_page(page, dialogs, base + reverse("moderation_appeals:index"), "main", expect_text="window.__xss")
    check_page(page, dialogs, base + reverse("moderation_queue:item", args=[_item(published).pk]), "main")
