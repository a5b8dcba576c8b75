"""Imposing and lifting sanctions; what each kind means is in the policy table, ``moderation.sanctions``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import require

from .. import notices
from ..models import AuditAction, Decision, Rule, Sanction
from ..sanctions import POSTING_BLOCKED, EndRule, policy_for
from ..signals import sanction_imposed
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
) -> Sanction:
    """Warn, mute, suspend or ban ``user`` under ``rule`` (a Rule or its pk).

    The kind's policy says who may (peer moderators warn and mute; coordinators all four) and whether
    ``ends_at`` is required (mute, suspension), optional (ban: open-ended) or dropped (warning).
    ``sanction_imposed`` is sent after commit (chat closes the person's connections).
    """
    policy = policy_for(kind)
    require(moderator, policy.permission)
    if user.pk == moderator.pk:
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
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if sanction.lifted_at is not None:
            raise ModerationError(_("This sanction has already been lifted."))
        sanction.lifted_at = timezone.now()
        sanction.lifted_by = moderator
        sanction.save(update_fields=["lifted_at", "lifted_by"])
        _audit(AuditAction.SANCTION_LIFTED, sanction, moderator=moderator, note=note)
        notices.tell_sanction_lifted(sanction)
    return sanction
