"""Sanctions: who may impose which, end dates, the notice, the signal, lifting."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Notification
from moderation import services
from moderation.models import AuditAction, AuditEntry, Sanction, SanctionKind
from moderation.signals import sanction_imposed


def _later(days=3):
    return timezone.now() + timedelta(days=days)


@pytest.mark.parametrize("kind", [SanctionKind.WARNING, SanctionKind.MUTE])
def test_peer_moderator_may_warn_and_mute(moderator, make_user, rule, kind):
    sanction = services.impose_sanction(
        make_user(), moderator=moderator, kind=kind, rule=rule, ends_at=_later()
    )
    assert sanction.kind == kind


@pytest.mark.parametrize("kind", [SanctionKind.SUSPENSION, SanctionKind.BAN])
def test_peer_moderator_may_not_suspend_or_ban(moderator, make_user, rule, kind):
    with pytest.raises(PermissionDenied):
        services.impose_sanction(make_user(), moderator=moderator, kind=kind, rule=rule, ends_at=_later())
    assert not Sanction.objects.exists()


def test_citizen_may_not_even_warn(make_user, rule):
    with pytest.raises(PermissionDenied):
        services.impose_sanction(make_user(), moderator=make_user(), kind=SanctionKind.WARNING, rule=rule)


def test_coordinator_may_ban_open_ended(coordinator, make_user, rule):
    user = make_user()
    sanction = services.impose_sanction(user, moderator=coordinator, kind=SanctionKind.BAN, rule=rule)
    assert sanction.ends_at is None
    assert services.active_sanction(user) == sanction


@pytest.mark.parametrize("kind", [SanctionKind.MUTE, SanctionKind.SUSPENSION])
def test_mute_and_suspension_need_a_future_end(coordinator, make_user, rule, kind):
    with pytest.raises(services.ModerationError):
        services.impose_sanction(make_user(), moderator=coordinator, kind=kind, rule=rule)
    with pytest.raises(services.ModerationError):
        services.impose_sanction(
            make_user(),
            moderator=coordinator,
            kind=kind,
            rule=rule,
            ends_at=timezone.now() - timedelta(hours=1),
        )


def test_nobody_sanctions_themselves(coordinator, rule):
    with pytest.raises(services.ModerationError):
        services.impose_sanction(coordinator, moderator=coordinator, kind=SanctionKind.WARNING, rule=rule)


def test_the_person_is_told_in_their_language_with_rule_and_end(coordinator, make_user, rule):
    user = make_user(language="sv")
    services.impose_sanction(user, moderator=coordinator, kind=SanctionKind.MUTE, rule=rule, ends_at=_later())
    notice = Notification.objects.get(recipient=user)
    assert notice.title == "Tystning (får läsa, får inte skriva eller chatta)"
    assert "regel 2" in notice.body
    assert "Ingen rasism" in notice.body


def test_signal_is_sent_after_commit(moderator, make_user, rule, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, sanction, **kwargs):
        received.append(sanction.kind)

    sanction_imposed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.impose_sanction(
                make_user(), moderator=moderator, kind=SanctionKind.MUTE, rule=rule, ends_at=_later()
            )
            assert received == []
    finally:
        sanction_imposed.disconnect(listener)
    assert received == [SanctionKind.MUTE]


def test_most_severe_active_sanction_wins(coordinator, make_user, rule):
    user = make_user()
    services.impose_sanction(user, moderator=coordinator, kind=SanctionKind.MUTE, rule=rule, ends_at=_later())
    ban = services.impose_sanction(
        user, moderator=coordinator, kind=SanctionKind.BAN, rule=rule, ends_at=_later(30)
    )
    assert services.active_sanction(user) == ban
    assert services.active_sanction(user, kinds=[SanctionKind.MUTE]).kind == SanctionKind.MUTE


def test_lift_ends_the_sanction(coordinator, moderator, make_user, rule):
    user = make_user()
    ban = services.impose_sanction(user, moderator=coordinator, kind=SanctionKind.BAN, rule=rule)
    with pytest.raises(PermissionDenied):
        services.lift_sanction(ban, moderator=moderator)  # lifting a ban is a coordinator's call too
    services.lift_sanction(ban, moderator=coordinator)
    assert services.active_sanction(user) is None
    with pytest.raises(services.ModerationError):
        services.lift_sanction(ban, moderator=coordinator)
    assert AuditEntry.objects.filter(action=AuditAction.SANCTION_LIFTED, subject_user=user).count() == 1


def test_sanctions_are_audited(moderator, make_user, rule):
    user = make_user()
    services.impose_sanction(user, moderator=moderator, kind=SanctionKind.WARNING, rule=rule, note="Huomio")
    entry = AuditEntry.objects.get(action=AuditAction.SANCTION)
    assert (entry.actor, entry.subject_user, entry.rule) == (moderator, user, rule)
    assert entry.detail["kind"] == "warning"
