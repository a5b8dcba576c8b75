"""The queue and moderators' decisions: claim, release, decide (approve, hide, edit, remove)."""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import require

from .. import notices
from ..models import AuditAction, Decision, DecisionAction, ModerationState, QueueItem, QueueReason, Rule
from ..signals import content_moderated
from .audit import audit, content_type_and_id
from .errors import ModerationError, rule_from
from .submissions import count_published

_NEW_STATE: dict[str, str] = {
    DecisionAction.APPROVE: ModerationState.PUBLISHED,
    DecisionAction.HIDE: ModerationState.HIDDEN,
    DecisionAction.EDIT: ModerationState.PUBLISHED,
    DecisionAction.REMOVE: ModerationState.REMOVED,
}


def open_item(content, *, reason: str) -> QueueItem:
    """The open queue item of ``content``, locked; created when there is none."""
    content_type, object_id = content_type_and_id(content)
    item = (
        QueueItem.objects.select_for_update()
        .filter(content_type=content_type, object_id=object_id, status=QueueItem.Status.OPEN)
        .first()
    )
    if item is not None:
        return item
    try:
        with transaction.atomic():
            return QueueItem.objects.create(
                content_type=content_type,
                object_id=object_id,
                reason=reason,
                author=content.moderation_author(),
                excerpt=content.moderation_text()[:2000],
            )
    except IntegrityError:  # created by a concurrent request in the meantime
        return QueueItem.objects.select_for_update().get(
            content_type=content_type, object_id=object_id, status=QueueItem.Status.OPEN
        )


def _lock_undecided(item: QueueItem, *, moderator) -> QueueItem:
    """The item, locked, if it is still open and nobody else has claimed it."""
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    if item.status != QueueItem.Status.OPEN:
        raise ModerationError(_("This item has already been decided."))
    if item.claimed_by_id and item.claimed_by_id != moderator.pk:
        other = item.claimed_by
        assert other is not None
        raise ModerationError(_("%(name)s is already handling this item.") % {"name": other.public_name})
    return item


def claim(item: QueueItem, *, moderator) -> QueueItem:
    """Take an item so that other moderators see someone is on it."""
    require(moderator, "moderation.work_queue")
    with transaction.atomic():
        item = _lock_undecided(item, moderator=moderator)
        item.claimed_by = moderator
        item.claimed_at = timezone.now()
        item.save(update_fields=["claimed_by", "claimed_at"])
        audit(AuditAction.CLAIM, actor=moderator, subject_user=item.author, content_ref=item)
    return item


def release(item: QueueItem, *, moderator) -> QueueItem:
    """Give a claimed item back to the queue (a coordinator may release anyone's claim)."""
    require(moderator, "moderation.work_queue")
    with transaction.atomic():
        item = QueueItem.objects.select_for_update().get(pk=item.pk)
        if item.claimed_by_id not in (None, moderator.pk) and not moderator.has_perm(
            "moderation.decide_appeal"
        ):
            raise ModerationError(_("Only the moderator who claimed this item can release it."))
        item.claimed_by = None
        item.claimed_at = None
        item.save(update_fields=["claimed_by", "claimed_at"])
    return item


def decide(
    item: QueueItem,
    *,
    moderator,
    action: str,
    rule: Rule | int | None = None,
    note: str = "",
    edited_text: str | None = None,
) -> Decision:
    """Approve, hide, edit or remove the content of a queue item. All but approve must cite a rule.

    The author is told in their own language, naming the rule and how to appeal.
    """
    require(moderator, "moderation.work_queue")
    if action not in DecisionAction.values:
        raise ValueError(f"Unknown decision {action!r}.")
    if action != DecisionAction.APPROVE and rule is None:
        raise ModerationError(_("Choose the rule this decision is based on."))
    if rule is not None:
        rule = rule_from(rule)
    with transaction.atomic():
        item = _lock_undecided(item, moderator=moderator)
        content = item.content
        if content is None:
            raise ModerationError(_("The message no longer exists."))
        original_text = content.moderation_text()
        if action == DecisionAction.EDIT:
            if not type(content).supports_moderator_edit():
                raise ModerationError(_("This kind of content cannot be edited by a moderator."))
            if not (edited_text or "").strip():
                raise ModerationError(_("Write the edited text."))
            content.apply_moderator_edit(edited_text)
        old_state = content.moderation_state
        new_state = _NEW_STATE[action]
        set_state(
            content,
            new_state,
            rule=None if action == DecisionAction.APPROVE else rule,
            always_signal=action == DecisionAction.EDIT,
        )
        author = content.moderation_author()
        decision = Decision.objects.create(
            content_type=item.content_type,
            object_id=item.object_id,
            queue_item=item,
            moderator=moderator,
            author=author,
            action=action,
            rule=rule,
            note=note,
            old_state=old_state,
            new_state=new_state,
            original_text=original_text if action != DecisionAction.APPROVE else "",
        )
        item.status = QueueItem.Status.DECIDED
        item.decided_at = decision.created_at
        item.claimed_by = item.claimed_by or moderator
        item.save(update_fields=["status", "decided_at", "claimed_by"])
        if action == DecisionAction.APPROVE and old_state == ModerationState.HELD and author is not None:
            count_published(author)
        audit(
            AuditAction.DECISION,
            actor=moderator,
            subject_user=author,
            content=content,
            rule=rule,
            decision=decision.pk,
            action=action,
            old_state=old_state,
            new_state=new_state,
            with_note=bool(note),  # the note itself is in the decision, which retention can redact
        )
        if author is not None and (action != DecisionAction.APPROVE or old_state != new_state):
            notices.tell_decision(author, decision, content)
    return decision


def decide_content(
    content, *, moderator, action: str, rule: Rule | int | None = None, note: str = "", edited_text=None
) -> Decision:
    """Decide on content that is not (yet) in the queue, e.g. a volunteer removing a chat message live."""
    require(moderator, "moderation.work_queue")
    with transaction.atomic():
        item = open_item(content, reason=QueueReason.MODERATOR)
        return decide(item, moderator=moderator, action=action, rule=rule, note=note, edited_text=edited_text)


def set_state(content, new_state: str, *, rule: Rule | None, always_signal: bool = False) -> None:
    """Save the new moderation state; send ``content_moderated`` after commit if it changed (or the
    text did: an edit keeps the state but readers must see the new text)."""
    old_state = content.moderation_state
    content.moderation_state = new_state
    content.moderation_rule = rule
    content.save(update_fields=["moderation_state", "moderation_rule"])
    if old_state != new_state or always_signal:
        transaction.on_commit(
            partial(
                content_moderated.send,
                sender=type(content),
                instance=content,
                old_state=old_state,
                new_state=new_state,
            )
        )
