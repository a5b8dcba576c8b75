"""check_submission and record_submission: what an app calls when someone posts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from moderation import services
from moderation.models import (
    AuditAction,
    AuditEntry,
    ModerationState,
    QueueItem,
    QueueReason,
    Sanction,
    SanctionKind,
    WatchedTerm,
)


def test_ordinary_post_by_a_known_member_is_published(post, veteran):
    author = veteran()
    item, verdict = post(author=author, text="Toimeentulotuen käsittely kestää liian kauan!")
    assert verdict.action == services.PUBLISH
    assert verdict.initial_state == ModerationState.PUBLISHED
    assert verdict.message == ""
    assert item.moderation_state == ModerationState.PUBLISHED
    assert not QueueItem.objects.exists()


def test_first_posts_of_a_new_account_are_held(post, make_user, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 2
    author = make_user()
    item, verdict = post(author=author, text="Hei kaikki, olen uusi täällä.")
    assert verdict.action == services.HOLD
    assert verdict.reason == QueueReason.NEW_USER
    assert "moderaattori" in verdict.message
    assert item.moderation_state == ModerationState.HELD
    queued = QueueItem.objects.get()
    assert queued.content == item
    assert queued.reason == QueueReason.NEW_USER
    assert AuditEntry.objects.filter(action=AuditAction.NEW_USER_HOLD, actor=author).exists()


def test_new_account_is_no_longer_held_after_enough_approved_posts(post, make_user, moderator, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 2
    author = make_user()
    for text in ("Ensimmäinen viesti", "Toinen viesti"):
        item, verdict = post(author=author, text=text)
        assert verdict.action == services.HOLD
        services.decide(QueueItem.objects.get(object_id=str(item.pk)), moderator=moderator, action="approve")
    _item, verdict = post(author=author, text="Kolmas viesti")
    assert verdict.action == services.PUBLISH


def test_moderators_are_not_pre_moderated(post, moderator):
    _item, verdict = post(author=moderator, text="Tervetuloa keskustelemaan!")
    assert verdict.action == services.PUBLISH


def test_block_term_blocks_and_names_the_rule(post, veteran):
    author = veteran()
    item, verdict = post(author=author, text="Ne ryssät taas")
    assert item is None
    assert verdict.action == services.BLOCK
    assert verdict.initial_state is None
    assert verdict.rule.number == 2
    assert "sääntöä 2" in verdict.message
    entry = AuditEntry.objects.get(action=AuditAction.SCREENING_BLOCK)
    assert entry.actor == author
    assert entry.rule == verdict.rule
    assert WatchedTerm.objects.get(term="ryssä").hit_count == 1


def test_hold_term_holds_with_the_rule(post, veteran):
    item, verdict = post(author=veteran(), text="Mustalaiset muuttivat naapuriin")
    assert verdict.action == services.HOLD
    assert verdict.reason == QueueReason.SCREENING_HOLD
    assert "sääntöä 2" in verdict.message
    assert item.moderation_state == ModerationState.HELD
    assert QueueItem.objects.get().screening[0]["term"] == "mustalainen"
    assert WatchedTerm.objects.get(term="mustalainen").hit_count == 1


def test_flag_term_publishes_and_queues(post, veteran):
    item, verdict = post(author=veteran(), text="suvakit saavat kaiken")
    assert verdict.action == services.PUBLISH
    assert item.moderation_state == ModerationState.PUBLISHED
    assert QueueItem.objects.get().reason == QueueReason.SCREENING_FLAG
    assert AuditEntry.objects.filter(action=AuditAction.SCREENING_FLAG).count() == 1


def test_anonymous_chat_participant_is_screened_only(post, sample_model):
    item, verdict = post(author=None, text="Hyvää iltaa kaikille")
    assert verdict.action == services.PUBLISH
    assert item.moderation_state == ModerationState.PUBLISHED
    _item, verdict = post(author=None, text="neekeri")
    assert verdict.action == services.BLOCK


@pytest.mark.parametrize("kind", [SanctionKind.MUTE, SanctionKind.SUSPENSION, SanctionKind.BAN])
def test_sanctioned_author_cannot_post(kind, veteran, coordinator, rule, sample_model):
    author = veteran()
    ends = None if kind == SanctionKind.BAN else timezone.now() + timedelta(days=3)
    services.impose_sanction(author, moderator=coordinator, kind=kind, rule=rule, ends_at=ends)
    with pytest.raises(services.PostingNotAllowed) as raised:
        services.check_submission(author=author, text="Saanko kirjoittaa?")
    assert raised.value.sanction.kind == kind
    message = str(raised.value)
    assert "säännön 2 perusteella" in message
    assert rule.title in message
    if ends:
        assert date_format(timezone.localtime(ends), "SHORT_DATETIME_FORMAT") in message


def test_warning_and_past_sanctions_do_not_stop_posting(veteran, coordinator, rule, sample_model):
    author = veteran()
    services.impose_sanction(author, moderator=coordinator, kind=SanctionKind.WARNING, rule=rule)
    Sanction.objects.create(
        user=author,
        kind=SanctionKind.MUTE,
        rule=rule,
        imposed_by=coordinator,
        starts_at=timezone.now() - timedelta(days=5),
        ends_at=timezone.now() - timedelta(days=1),
    )
    assert services.check_submission(author=author, text="Hei").action == services.PUBLISH


def test_check_submission_is_cheap(veteran, django_assert_max_num_queries, sample_model):
    author = veteran()
    services.screen("lämmitys")  # the matcher is built once per process, not per call
    with django_assert_max_num_queries(4):
        services.check_submission(author=author, text="Palvelut ovat huonontuneet.")


def test_record_refuses_a_blocked_verdict(sample_model):
    verdict = services.check_submission(author=None, text="neekeri")
    item = sample_model.objects.create(text="x")
    with pytest.raises(ValueError):
        services.record_submission(item, verdict)


def test_submit_saves_nothing_when_blocked(veteran, sample_model):
    def save(initial_state):
        raise AssertionError("a blocked text is not saved")

    with pytest.raises(services.SubmissionBlocked) as blocked:
        services.submit(author=veteran(), text="Senkin neekeri", save=save)
    assert isinstance(blocked.value, services.ModerationError)
    assert "sääntöä 2" in str(blocked.value)
    assert blocked.value.verdict.action == services.BLOCK
    assert AuditEntry.objects.filter(action=AuditAction.SCREENING_BLOCK).count() == 1


def test_an_edit_is_not_held_as_a_new_members_first_post(make_user):
    verdict = services.check_edit(author=make_user(), text="Korjasin kirjoitusvirheen.")
    assert (verdict.action, verdict.reason) == (services.PUBLISH, "")


def test_an_edit_is_screened_like_a_new_post(make_user, sample_model):
    with pytest.raises(services.SubmissionBlocked):
        services.check_edit(author=make_user(), text="Senkin neekeri")
    verdict = services.check_edit(author=make_user(), text="Mustalaiset ja palvelut")
    assert (verdict.action, verdict.reason) == (services.HOLD, QueueReason.SCREENING_HOLD)


def test_a_new_members_flagged_edit_goes_to_the_queue(post, make_user, moderator):
    author = make_user()
    item, _verdict = post(author=author, text="Hei kaikki")  # held: a first post
    services.decide(QueueItem.objects.get(), moderator=moderator, action="approve")
    verdict = services.check_edit(author=author, text="suvakit saavat kaiken")
    assert (verdict.action, verdict.reason) == (services.PUBLISH, QueueReason.SCREENING_FLAG)
    services.record_submission(item, verdict)
    assert QueueItem.objects.get(status=QueueItem.Status.OPEN).reason == QueueReason.SCREENING_FLAG


def test_a_recorded_edit_does_not_count_as_another_published_post(post, veteran):
    from moderation.models import ContributorStanding

    author = veteran()  # ten published posts
    item, _verdict = post(author=author, text="Hei kaikki")
    verdict = services.check_edit(author=author, text="suvakit saavat kaiken")
    services.record_submission(item, verdict)
    assert ContributorStanding.objects.get(user=author).published_count == 11
