"""Imposing and lifting sanctions; what each kind means is in the policy table, ``moderation.sanctions``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import require

from .. import notices
from ..models import AuditAction, Decision, Rule, Sanction
from ..sanctions import POSTING_BLOCKED, EndRule, Scope, policy_for
from ..signals import sanction_imposed, sanction_lifted
from .audit import audit
from .errors import ModerationError, rule_from


def active_sanction(user, kinds: Iterable[str] = POSTING_BLOCKED) -> Sanction | None:
    """The most severe sanction of ``kinds`` in force for ``user`` now (one query), or None."""
    if user is None or not getattr(user, "pk", None):
        return None
    now = timezone.now()
    sanctions = list(
        Sanction.objects.filter(user=user, kind__in=list(kinds), lifted_at__isnull=True, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("rule")
    )
    return max(sanctions, key=lambda s: (s.policy.severity, -s.pk)) if sanctions else None


def sanction_in_force_for(subject, *, kind: str) -> Sanction | None:
    """The unlifted sanction of ``kind`` that names the participation ``subject`` (chat-session kinds)."""
    return (
        Sanction.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=str(subject.pk),
            kind=kind,
            lifted_at__isnull=True,
        )
        .order_by("-starts_at", "-id")
        .first()
    )


def _audit(action: str, sanction: Sanction, *, moderator, **detail) -> None:
    audit(
        action,
        actor=moderator,
        subject_user=sanction.user,
        rule=sanction.rule,
        sanction=sanction.pk,
        **detail,
    )


def impose_sanction(
    user,
    *,
    moderator,
    kind: str,
    rule: Rule | int,
    ends_at=None,
    note: str = "",
    decision: Decision | None = None,
    subject=None,
) -> Sanction:
    """Warn, mute, suspend or ban ``user``, or mute or remove the chat participation ``subject``
    (``user`` is then the participant's account, or None for an anonymous one), under ``rule``.

    The kind's policy says who may (peer moderators warn and mute; coordinators all four), where it
    holds, and whether ``ends_at`` is required (mute, suspension), optional (ban: open-ended) or dropped
    (warning, chat-session kinds). ``sanction_imposed`` is sent after commit (chat closes the person's
    connections, or carries out the chat-session kinds).
    """
    policy = policy_for(kind)
    require(moderator, policy.permission)
    if policy.scope is Scope.CHAT_SESSION:
        if subject is None:
            raise ValueError(f"A {kind} sanction names the chat participation it holds for.")
    elif user is None or subject is not None:
        raise ValueError(f"A {kind} sanction names an account and nothing else.")
    if user is not None and user.pk == moderator.pk:
        raise ModerationError(_("You cannot sanction yourself."))
    if rule is None:
        raise ModerationError(_("Choose the rule this sanction is based on."))
    rule = rule_from(rule)
    now = timezone.now()
    if policy.end is EndRule.NONE:
        ends_at = None
    elif policy.end is EndRule.REQUIRED and ends_at is None:
        raise ModerationError(_("Choose when the sanction ends."))
    if ends_at is not None and ends_at <= now:
        raise ModerationError(_("The end must be in the future."))
    with transaction.atomic():
        sanction = Sanction.objects.create(
            user=user,
            subject=subject,
            kind=kind,
            rule=rule,
            note=note,
            starts_at=now,
            ends_at=ends_at,
            imposed_by=moderator,
            decision=decision,
        )
        _audit(
            AuditAction.SANCTION,
            sanction,
            moderator=moderator,
            kind=kind,
            ends_at=ends_at.isoformat() if ends_at else None,
            note=note,
        )
        notices.tell_sanction(sanction)
        transaction.on_commit(partial(sanction_imposed.send, sender=Sanction, sanction=sanction))
    return sanction


def lift_sanction(sanction: Sanction, *, moderator, note: str = "") -> Sanction:
    """End a sanction early. Needs the same permission as imposing it."""
    require(moderator, sanction.policy.permission)
    return end_early(sanction, moderator=moderator, note=note)


def end_early(sanction: Sanction, *, moderator, note: str = "") -> Sanction:
    """Lift ``sanction`` for ``lift_sanction`` and for an appeal that overturned it (the caller has
    checked the permission). ``sanction_lifted`` is sent after commit (chat unmutes or lets back in)."""
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if sanction.lifted_at is not None:
            raise ModerationError(_("This sanction has already been lifted."))
        sanction.lifted_at = timezone.now()
        sanction.lifted_by = moderator
        sanction.save(update_fields=["lifted_at", "lifted_by"])
        _audit(AuditAction.SANCTION_LIFTED, sanction, moderator=moderator, note=note)
        notices.tell_sanction_lifted(sanction)
        transaction.on_commit(partial(sanction_lifted.send, sender=Sanction, sanction=sanction))
    return sanction


def record_slow_mode(place, *, moderator, seconds: int, rule: Rule | int | None) -> None:
    """Audit a chat's slow mode like the sanctions: turning it on (or changing it) cites a rule,
    turning it off does not. It restricts everyone in ``place`` alike, so there is no one to appeal."""
    cited = None
    if seconds:
        if rule is None:
            raise ModerationError(_("Choose the rule this sanction is based on."))
        cited = rule_from(rule)
    audit(AuditAction.SLOW_MODE, actor=moderator, content=place, rule=cited, seconds=seconds)
