"""Appeals: the author asks once, another coordinator upholds or overturns the decision."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import require

from .. import notices
from ..models import Appeal, AuditAction, Decision, DecisionAction, ModerationState
from .audit import audit
from .decisions import set_state
from .errors import AlreadyAppealed, ModerationError


def file_appeal(decision: Decision, *, author, text: str) -> Appeal:
    """The author appeals a decision (not an approval) once."""
    if decision.author_id is None or author is None or decision.author_id != author.pk:
        raise PermissionDenied(gettext("Only the author can appeal this decision."))
    if decision.action == DecisionAction.APPROVE:
        raise ModerationError(_("An approval cannot be appealed."))
    if not text.strip():
        raise ModerationError(_("Tell us why the decision should change."))
    with transaction.atomic():
        if Appeal.objects.filter(decision=decision).exists():
            raise AlreadyAppealed()
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(decision=decision, author=author, text=text[:2000])
        except IntegrityError:
            raise AlreadyAppealed() from None
        audit(
            AuditAction.APPEAL,
            actor=author,
            subject_user=author,
            content_ref=decision,
            rule=decision.rule,
            decision=decision.pk,
            appeal=appeal.pk,
        )
    return appeal


def decide_appeal(appeal: Appeal, *, moderator, overturn: bool, response: str = "") -> Appeal:
    """A coordinator other than the one who decided upholds or overturns the decision.

    Overturning publishes the content again (and restores the original text of an edit).
    """
    require(moderator, "moderation.decide_appeal")
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",)).select_related("decision__rule").get(pk=appeal.pk)
        )
        decision = appeal.decision
        if appeal.status != Appeal.Status.PENDING:
            raise ModerationError(_("This appeal has already been decided."))
        if decision.moderator_id == moderator.pk:
            raise ModerationError(_("Another moderator must decide an appeal against your own decision."))
        appeal.status = Appeal.Status.OVERTURNED if overturn else Appeal.Status.UPHELD
        appeal.decided_by = moderator
        appeal.decided_at = timezone.now()
        appeal.response = response
        appeal.save(update_fields=["status", "decided_by", "decided_at", "response"])
        content = decision.content
        if overturn and content is not None:
            if decision.action == DecisionAction.EDIT and decision.original_text:
                content.apply_moderator_edit(decision.original_text)
            set_state(content, ModerationState.PUBLISHED, rule=None)
        audit(
            AuditAction.APPEAL_DECIDED,
            actor=moderator,
            subject_user=appeal.author,
            content_ref=decision,
            rule=decision.rule,
            appeal=appeal.pk,
            outcome=appeal.status,
            response=response,
        )
        notices.tell_appeal_decided(appeal)
    return appeal
