"""How a new post or message starts, and the recipe every app posts by: check, save, record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F

from .. import conf, notices
from ..models import AuditAction, ContributorStanding, ModerationState, QueueItem, QueueReason, Rule
from .audit import audit
from .errors import PostingNotAllowed, SubmissionBlocked
from .matching import ALLOW, BLOCK, REVIEW, ScreeningResult, count_hits, screen
from .sanctions import active_sanction

PUBLISH, HOLD = "publish", "hold"

Content = TypeVar("Content")


@dataclass(frozen=True)
class Verdict:
    """What to do with a submission: ``publish``, ``hold`` or ``block`` (do not save it).

    ``initial_state`` is the ``moderation_state`` to save the row with (None for block); ``message``
    is a translated sentence for the author (empty when published); ``reason`` is the queue reason
    when the item goes to the queue (held, or flagged after publishing). ``is_edit``: the verdict is
    on a new text of content already counted as published (``check_edit``).
    """

    action: str
    initial_state: str | None
    message: str = ""
    screening: ScreeningResult = field(default_factory=lambda: ScreeningResult(ALLOW))
    reason: str = ""
    rule: Rule | None = None
    is_edit: bool = False


def is_moderator(user) -> bool:
    return user is not None and user.is_authenticated and user.has_perm("moderation.work_queue")


def published_count(user) -> int:
    return (
        ContributorStanding.objects.filter(user=user).values_list("published_count", flat=True).first() or 0
    )


def count_published(user) -> None:
    standing, created = ContributorStanding.objects.get_or_create(user=user, defaults={"published_count": 1})
    if not created:
        ContributorStanding.objects.filter(pk=standing.pk).update(published_count=F("published_count") + 1)


def _is_new_member(author) -> bool:
    """Whose submissions wait for a moderator: the first few of an account (never a moderator's)."""
    held_posts = conf.new_user_held_posts()
    return bool(
        author is not None
        and held_posts
        and not is_moderator(author)
        and published_count(author) < held_posts
    )


def _rule_of(screening: ScreeningResult) -> Rule:
    """The rule of the weightiest match (a screening that blocks or holds has at least one)."""
    assert screening.rule_id is not None
    return Rule.objects.get(pk=screening.rule_id)


def _check(*, author, text: str, is_edit: bool) -> Verdict:
    if author is not None:
        sanction = active_sanction(author)
        if sanction is not None:
            raise PostingNotAllowed(sanction)
    screening = screen(text)
    if screening.action == BLOCK:
        rule = _rule_of(screening)
        with transaction.atomic():
            count_hits(screening)
            audit(AuditAction.SCREENING_BLOCK, actor=author, rule=rule, **screening.as_dict())
        return Verdict(BLOCK, None, notices.blocked(rule), screening, rule=rule, is_edit=is_edit)
    if screening.hold_before_publishing:
        rule = _rule_of(screening)
        message = notices.held_by_screening(rule)
        return Verdict(
            HOLD, ModerationState.HELD, message, screening, QueueReason.SCREENING_HOLD, rule, is_edit
        )
    if not is_edit and _is_new_member(author):
        message = notices.held_as_new_member()
        return Verdict(HOLD, ModerationState.HELD, message, screening, QueueReason.NEW_USER)
    reason = QueueReason.SCREENING_FLAG if screening.action == REVIEW else ""
    return Verdict(PUBLISH, ModerationState.PUBLISHED, "", screening, reason, is_edit=is_edit)


def check_submission(*, author, text: str) -> Verdict:
    """Decide how a new post or message starts, before it is saved.

    Raises ``PostingNotAllowed`` when the author is muted, suspended or banned. Then screening (block
    or hold by watched terms), then new-account pre-moderation. Anonymous chat participants
    (``author=None``) are screened only; the chat app keeps their own mutes.
    """
    return _check(author=author, text=text, is_edit=False)


def check_edit(*, author, text: str) -> Verdict:
    """Decide how the author's new text of existing content stands: sanctions and screening as for
    new content, but no new-account pre-moderation (that holds first posts, not their edits).

    Raises ``PostingNotAllowed`` and ``SubmissionBlocked`` (keep the old text). ``hold``: save the
    content as held and ``record_submission`` it (unless it was held already); ``publish`` with a
    ``reason`` (a flag-list term): keep the state and record it.
    """
    verdict = _check(author=author, text=text, is_edit=True)
    if verdict.action == BLOCK:
        raise SubmissionBlocked(verdict)
    return verdict


def record_submission(content, verdict: Verdict) -> QueueItem | None:
    """Call right after saving ``content`` (in the same transaction) with the verdict it was saved by.

    Puts held and flagged items in the queue, writes the audit entry, counts term hits and, for new
    published content, the author's published count.
    """
    if verdict.action == BLOCK:
        raise ValueError("A blocked submission is not saved, so there is nothing to record.")
    author = content.moderation_author()
    item = None
    with transaction.atomic():
        count_hits(verdict.screening)
        if verdict.reason:
            item = QueueItem.objects.create(
                content_type=ContentType.objects.get_for_model(content),
                object_id=str(content.pk),
                reason=verdict.reason,
                author=author,
                excerpt=content.moderation_text()[:2000],
                screening=[m.as_dict() for m in verdict.screening.matches],
            )
            audit_actions: dict[str, str] = {
                QueueReason.SCREENING_HOLD: AuditAction.SCREENING_HOLD,
                QueueReason.SCREENING_FLAG: AuditAction.SCREENING_FLAG,
                QueueReason.NEW_USER: AuditAction.NEW_USER_HOLD,
            }
            audit_action = audit_actions[verdict.reason]
            audit(
                audit_action,
                actor=author,
                content=content,
                rule=verdict.rule,
                **verdict.screening.as_dict(),
            )
        if verdict.action == PUBLISH and author is not None and not verdict.is_edit:
            count_published(author)
    return item


def submit(*, author, text: str, save: Callable[[str], Content]) -> tuple[Content, Verdict]:
    """Post new content the one way: check the text, save it in the state the verdict gives, record it.

    ``save(initial_state)`` creates the content with that ``moderation_state`` (and whatever else
    belongs with it) and returns it; it runs in one transaction with ``record_submission``. The check
    runs before that transaction, so that a block stays audited although nothing is saved. Raises
    ``PostingNotAllowed`` for a sanctioned author and ``SubmissionBlocked`` for a blocked text
    (``str(error)`` names the rule).
    """
    verdict = check_submission(author=author, text=text)
    if verdict.action == BLOCK:
        raise SubmissionBlocked(verdict)
    assert verdict.initial_state is not None  # only a block has no state, and it was refused above
    with transaction.atomic():
        content = save(verdict.initial_state)
        record_submission(content, verdict)
    return content, verdict
