"""Appeals: the person concerned asks once, another moderator upholds or overturns.

A decision is appealed by its content's author; a sanction by the person it names. An anonymous chat
participant has no account: the chat, which knows the participation from the person's own browser
session, passes it as ``subject``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import require

from .. import notices
from ..models import Appeal, AuditAction, Decision, DecisionAction, ModerationState, Sanction
from ..signals import appeal_decided
from .audit import audit
from .decisions import set_state
from .errors import AlreadyAppealed, ModerationError
from .sanctions import end_early


def _may_appeal(appealed: Decision | Sanction, *, author=None, subject=None) -> bool:
    """Whether this person (``author``, or the anonymous participation ``subject``) is the one concerned."""
    if isinstance(appealed, Decision):
        return author is not None and appealed.author_id is not None and appealed.author_id == author.pk
    if appealed.user_id is not None:
        return author is not None and author.is_authenticated and appealed.user_id == author.pk
    return subject is not None and appealed.subject_type_id is not None and appealed.subject == subject


def file_appeal(appealed: Decision | Sanction, *, author, text: str, subject=None) -> Appeal:
    """The person concerned appeals a decision (not an approval) or a sanction (not a lifted one) once."""
    if not _may_appeal(appealed, author=author, subject=subject):
        raise PermissionDenied(gettext("Only the person concerned can appeal this."))
    if isinstance(appealed, Decision) and appealed.action == DecisionAction.APPROVE:
        raise ModerationError(_("An approval cannot be appealed."))
    if isinstance(appealed, Sanction) and appealed.lifted_at is not None:
        raise ModerationError(_("This sanction has already been lifted."))
    if not text.strip():
        raise ModerationError(_("Tell us why the decision should change."))
    target = {"decision": appealed} if isinstance(appealed, Decision) else {"sanction": appealed}
    account = author if author is not None and author.is_authenticated else None
    with transaction.atomic():
        if Appeal.objects.filter(**target).exists():
            raise AlreadyAppealed()
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(**target, author=account, text=text[:2000])
        except IntegrityError:
            raise AlreadyAppealed() from None
        _audit(AuditAction.APPEAL, appeal, actor=account)
    return appeal


def _audit(action: str, appeal: Appeal, *, actor, **detail) -> None:
    appealed = appeal.appealed
    reference: dict[str, Any]
    if isinstance(appealed, Decision):
        reference = {"content_ref": appealed, "decision": appealed.pk}
    else:
        reference = {"sanction": appealed.pk}
    audit(
        action,
        actor=actor,
        subject_user=appeal.author if appeal.author_id else getattr(appealed, "user", None),
        rule=appealed.rule,
        appeal=appeal.pk,
        **reference,
        **detail,
    )


def decide_appeal(appeal: Appeal, *, moderator, overturn: bool, response: str = "") -> Appeal:
    """A coordinator other than the one who decided upholds or overturns.

    Overturning a decision publishes the content again (and restores the original text of an edit);
    overturning a sanction lifts it.
    """
    require(moderator, "moderation.decide_appeal")
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("decision__rule", "sanction__rule")
            .get(pk=appeal.pk)
        )
        if appeal.status != Appeal.Status.PENDING:
            raise ModerationError(_("This appeal has already been decided."))
        if appeal.appealed_moderator_id == moderator.pk:
            raise ModerationError(_("Another moderator must decide an appeal against your own decision."))
        appeal.status = Appeal.Status.OVERTURNED if overturn else Appeal.Status.UPHELD
        appeal.decided_by = moderator
        appeal.decided_at = timezone.now()
        appeal.response = response
        appeal.save(update_fields=["status", "decided_by", "decided_at", "response"])
        if overturn:
            _overturn(appeal, moderator=moderator)
        _audit(AuditAction.APPEAL_DECIDED, appeal, actor=moderator, outcome=appeal.status, response=response)
        notices.tell_appeal_decided(appeal)
        transaction.on_commit(partial(appeal_decided.send, sender=Appeal, appeal=appeal))
    return appeal


def _overturn(appeal: Appeal, *, moderator) -> None:
    sanction, decision = appeal.sanction, appeal.decision
    if sanction is not None:
        if sanction.lifted_at is None:
            end_early(sanction, moderator=moderator)
        return
    if decision is None:
        return
    content = decision.content
    if content is not None:
        if decision.action == DecisionAction.EDIT and decision.original_text:
            content.apply_moderator_edit(decision.original_text)
        set_state(content, ModerationState.PUBLISHED, rule=None)
