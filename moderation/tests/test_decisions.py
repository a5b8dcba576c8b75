"""Decisions: approve / hide / edit / remove, the rule they cite, the author's notice, the signal."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Notification
from moderation import services
from moderation.models import (
    AuditAction,
    AuditEntry,
    Decision,
    DecisionAction,
    ModerationState,
    QueueItem,
    Rule,
)
from moderation.signals import content_moderated


@pytest.fixture
def held(post, make_user, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    item, _verdict = post(author=make_user(pseudonym="uusi"), text="Ensimmäinen viestini")
    return item


def _queue_item(content):
    return QueueItem.objects.get(object_id=str(content.pk), status=QueueItem.Status.OPEN)


def test_approve_publishes_and_tells_the_author(held, moderator):
    decision = services.decide(_queue_item(held), moderator=moderator, action="approve")
    held.refresh_from_db()
    assert held.moderation_state == ModerationState.PUBLISHED
    assert decision.rule is None
    assert decision.queue_item.status == QueueItem.Status.DECIDED
    notice = Notification.objects.get(recipient=held.author)
    assert notice.title == "Viestisi näkyy nyt muille"


@pytest.mark.parametrize(
    "action, state, title",
    [
        ("hide", ModerationState.HIDDEN, "Viestisi piilotettiin"),
        ("remove", ModerationState.REMOVED, "Viestisi poistettiin"),
    ],
)
def test_hide_and_remove_cite_the_rule(held, moderator, rule, action, state, title):
    decision = services.decide(
        _queue_item(held), moderator=moderator, action=action, rule=rule, note="Halventava"
    )
    held.refresh_from_db()
    assert held.moderation_state == state
    assert held.moderation_rule == rule
    assert decision.original_text == "Ensimmäinen viestini"
    notice = Notification.objects.get(recipient=held.author)
    assert notice.title == title
    assert "sääntöä 2" in notice.body
    assert "Ei rasismia" in notice.body
    assert "Halventava" in notice.body
    assert "valittaa" in notice.body
    assert notice.url == f"/moderation/appeal/{decision.pk}/"
    assert notice.action == "Valita päätöksestä"  # the button on the notice


def test_edit_replaces_the_text_and_publishes(held, moderator, rule):
    services.decide(
        _queue_item(held), moderator=moderator, action="edit", rule=rule, edited_text="[poistettu]"
    )
    held.refresh_from_db()
    assert held.text == "[poistettu]"
    assert held.moderation_state == ModerationState.PUBLISHED
    assert Decision.objects.get().original_text == "Ensimmäinen viestini"


def test_edit_needs_text(held, moderator, rule):
    with pytest.raises(services.ModerationError):
        services.decide(_queue_item(held), moderator=moderator, action="edit", rule=rule, edited_text=" ")


@pytest.mark.parametrize("action", ["hide", "edit", "remove"])
def test_decision_other_than_approve_must_cite_a_rule(held, moderator, action):
    with pytest.raises(services.ModerationError):
        services.decide(_queue_item(held), moderator=moderator, action=action, edited_text="x")
    held.refresh_from_db()
    assert held.moderation_state == ModerationState.HELD
    assert not Decision.objects.exists()


def test_a_decision_under_a_rule_that_does_not_exist_is_refused(held, moderator):
    with pytest.raises(services.UnknownRule):
        services.decide(_queue_item(held), moderator=moderator, action="remove", rule=999_999)
    held.refresh_from_db()
    assert held.moderation_state == ModerationState.HELD


def test_notice_is_in_the_authors_language(post, make_user, moderator, rule, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    swede, _verdict = post(author=make_user(language="sv"), text="Hej")
    english, _verdict = post(author=make_user(language="en"), text="Hello")
    services.decide(_queue_item(swede), moderator=moderator, action="hide", rule=rule)
    services.decide(_queue_item(english), moderator=moderator, action="hide", rule=rule)
    sv_notice = Notification.objects.get(recipient=swede.author)
    en_notice = Notification.objects.get(recipient=english.author)
    assert sv_notice.title == "Ditt meddelande doldes"
    assert sv_notice.action == "Överklaga beslutet"
    assert "Ingen rasism" in sv_notice.body
    assert en_notice.title == "Your message was hidden"
    assert "No racism" in en_notice.body


def test_signal_after_commit_when_the_state_changes(
    held, moderator, rule, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, instance, old_state, new_state, **kwargs):
        received.append((instance.pk, old_state, new_state))

    content_moderated.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.decide(_queue_item(held), moderator=moderator, action="remove", rule=rule)
            assert received == []
    finally:
        content_moderated.disconnect(listener)
    assert received == [(held.pk, ModerationState.HELD, ModerationState.REMOVED)]


def test_a_decided_item_cannot_be_decided_again(held, moderator, rule):
    item = _queue_item(held)
    services.decide(item, moderator=moderator, action="approve")
    with pytest.raises(services.ModerationError):
        services.decide(item, moderator=moderator, action="remove", rule=rule)


def test_citizen_cannot_decide(held, make_user, rule):
    with pytest.raises(PermissionDenied):
        services.decide(_queue_item(held), moderator=make_user(), action="remove", rule=rule)


def test_claim_keeps_others_off(held, moderator, make_user, rule):
    other = make_user(role="peer_moderator")
    item = services.claim(_queue_item(held), moderator=moderator)
    assert item.claimed_by == moderator
    with pytest.raises(services.ModerationError):
        services.claim(item, moderator=other)
    with pytest.raises(services.ModerationError):
        services.decide(item, moderator=other, action="approve")
    services.release(item, moderator=moderator)
    services.decide(item, moderator=other, action="approve")


def test_decision_is_audited(held, moderator, rule):
    decision = services.decide(_queue_item(held), moderator=moderator, action="hide", rule=rule, note="syy")
    entry = AuditEntry.objects.get(action=AuditAction.DECISION)
    assert (entry.actor, entry.subject_user, entry.rule) == (moderator, held.author, rule)
    assert entry.detail["decision"] == decision.pk
    assert entry.detail["new_state"] == ModerationState.HIDDEN


def test_decide_content_directly(post, veteran, moderator, rule):
    item, _verdict = post(author=veteran(), text="Viesti chatissa")
    decision = services.decide_content(item, moderator=moderator, action="remove", rule=rule)
    item.refresh_from_db()
    assert item.moderation_state == ModerationState.REMOVED
    assert decision.queue_item.reason == "moderator"


def test_visibility(held, moderator, make_user, rule):
    stranger = make_user()
    assert held.is_visible_to(held.author)
    assert held.is_visible_to(moderator)
    assert not held.is_visible_to(stranger)
    services.decide(_queue_item(held), moderator=moderator, action="hide", rule=Rule.objects.get(number=4))
    held.refresh_from_db()
    assert not held.is_visible_to(held.author)  # hidden: the author sees the placeholder, too
    assert held.is_visible_to(moderator)


def test_approval_records_no_rule_even_if_given(held, moderator, rule):
    decision = services.decide(
        _queue_item(held), moderator=moderator, action=DecisionAction.APPROVE, rule=rule
    )
    held.refresh_from_db()
    assert held.moderation_rule is None
    assert decision.action == "approve"


def test_edit_signals_even_though_the_state_stays(
    post, veteran, moderator, rule, django_capture_on_commit_callbacks
):
    item, _verdict = post(author=veteran(), text="Soita minulle 040 123 4567")
    received = []

    def listener(sender, instance, old_state, new_state, **kwargs):
        received.append((instance.text, old_state, new_state))

    content_moderated.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.decide_content(
                item, moderator=moderator, action="edit", rule=rule, edited_text="Soita minulle [poistettu]"
            )
    finally:
        content_moderated.disconnect(listener)
    assert received == [("Soita minulle [poistettu]", ModerationState.PUBLISHED, ModerationState.PUBLISHED)]
