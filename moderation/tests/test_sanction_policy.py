"""The sanction policy table: every kind has a sound record, and every place that differs by kind
follows it. Each test runs over every ``SanctionKind``, so a new kind is tested by its record."""

import dataclasses
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Notification
from moderation import sanctions, services
from moderation.models import Sanction, SanctionKind
from moderation.sanctions import POLICIES, EndRule, Scope, policy_for

ALL_KINDS = pytest.mark.parametrize("kind", list(SanctionKind))


def _impose(kind, *, user, moderator, rule, subject_model) -> Sanction:
    """Impose ``kind`` on ``user``; a chat-session kind names a participation too (any row stands in
    for one here: moderation knows a subject only by its generic reference)."""
    policy = policy_for(kind)
    ends_at = timezone.now() + timedelta(days=3) if policy.end is EndRule.REQUIRED else None
    subject = (
        subject_model.objects.create(text="", author=user) if policy.scope is Scope.CHAT_SESSION else None
    )
    return services.impose_sanction(
        user, moderator=moderator, kind=kind, rule=rule, ends_at=ends_at, subject=subject
    )


@ALL_KINDS
def test_every_kind_has_its_record(kind):
    assert policy_for(kind).kind == kind


def test_a_table_without_a_kind_fails_loudly():
    incomplete = {kind: policy for kind, policy in POLICIES.items() if kind != SanctionKind.WARNING}
    with pytest.raises(ImproperlyConfigured, match="'warning' has no SanctionPolicy"):
        sanctions.validate(incomplete)


def test_a_record_that_contradicts_itself_fails_loudly():
    mute = POLICIES[SanctionKind.MUTE]
    broken = {**POLICIES, SanctionKind.MUTE: dataclasses.replace(mute, end=EndRule.NONE)}
    with pytest.raises(ImproperlyConfigured, match="'mute' needs a notice"):
        sanctions.validate(broken)


def test_an_unknown_kind_is_refused(coordinator, make_user, rule):
    with pytest.raises(ValueError):
        services.impose_sanction(make_user(), moderator=coordinator, kind="exile", rule=rule)


@ALL_KINDS
def test_roles_get_the_permission_of_the_record(kind, moderator, coordinator):
    policy = policy_for(kind)
    assert coordinator.has_perm(policy.permission)
    assert moderator.has_perm(policy.permission) == policy.peer_moderators_may_impose


@ALL_KINDS
def test_the_database_enforces_the_end_rule(kind, coordinator, make_user, rule):
    unended = Sanction(user=make_user(), kind=kind, rule=rule, imposed_by=coordinator)
    if policy_for(kind).end is EndRule.REQUIRED:
        with pytest.raises(IntegrityError), transaction.atomic():
            unended.save()
    else:
        unended.save()


@ALL_KINDS
def test_what_a_sanction_blocks_follows_its_record(kind, coordinator, make_user, rule, sample_model):
    policy = policy_for(kind)
    user = make_user()
    sanction = _impose(kind, user=user, moderator=coordinator, rule=rule, subject_model=sample_model)
    assert (sanction.ends_at is None) == (policy.end is not EndRule.REQUIRED)
    assert (services.active_sanction(user) == sanction) == policy.blocks_posting
    assert (services.active_sanction(user, kinds=services.REPORTING_BLOCKED) == sanction) == (
        policy.blocks_reporting
    )
    assert (services.active_sanction(user, kinds=services.CHAT_BLOCKED) == sanction) == policy.blocks_chat


@ALL_KINDS
def test_the_person_gets_the_notice_of_the_record(kind, coordinator, make_user, rule, sample_model):
    sanction = _impose(kind, user=make_user(), moderator=coordinator, rule=rule, subject_model=sample_model)
    notice = Notification.objects.get(recipient=sanction.user)
    assert notice.title == str(SanctionKind(kind).label)
    assert notice.body.startswith(services.sanction_message(sanction))
    assert "säännön 2 perusteella" in notice.body


def test_the_most_severe_sanction_in_force_is_the_one_told(coordinator, make_user, rule, sample_model):
    user = make_user()
    imposed = [
        _impose(kind, user=user, moderator=coordinator, rule=rule, subject_model=sample_model)
        for kind in SanctionKind
    ]
    blocking = [s for s in imposed if s.policy.blocks_posting]
    assert services.active_sanction(user) == max(blocking, key=lambda s: s.policy.severity)


def test_a_kind_that_holds_in_one_chat_session_blocks_nothing_account_wide():
    mute = POLICIES[SanctionKind.CHAT_MUTE]
    broken = {**POLICIES, SanctionKind.CHAT_MUTE: dataclasses.replace(mute, blocks_posting=True)}
    with pytest.raises(ImproperlyConfigured, match="'chat_mute' holds in one chat session"):
        sanctions.validate(broken)


@ALL_KINDS
def test_a_sanction_names_whom_its_scope_needs(kind, coordinator, make_user, rule, sample_model):
    """An account kind without an account, or a chat-session kind without its participation, is a
    programming error, refused before anything is saved."""
    policy = policy_for(kind)
    user = make_user()
    wrong = (
        {"user": user, "subject": None}
        if policy.scope is Scope.CHAT_SESSION
        else {"user": None, "subject": sample_model.objects.create(text="")}
    )
    ends_at = timezone.now() + timedelta(days=3) if policy.end is EndRule.REQUIRED else None
    with pytest.raises(ValueError):
        services.impose_sanction(
            wrong["user"],
            subject=wrong["subject"],
            moderator=coordinator,
            kind=kind,
            rule=rule,
            ends_at=ends_at,
        )
    assert not Sanction.objects.exists()


def test_the_database_refuses_a_sanction_that_names_no_one(coordinator, rule):
    with pytest.raises(IntegrityError), transaction.atomic():
        Sanction.objects.create(kind=SanctionKind.WARNING, rule=rule, imposed_by=coordinator)
