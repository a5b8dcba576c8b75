"""Every moderation state change, one function per verb; the API that forum/ and chat/ call.

Each function checks permissions, runs in a transaction, writes the audit log, and tells the people
concerned (notifications and signals after commit). See docs/moderation.md for how an app plugs in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.notifications import notify

from . import conf
from .models import (
    Appeal,
    AuditAction,
    AuditEntry,
    ContributorStanding,
    Decision,
    DecisionAction,
    MatcherVersion,
    ModerationState,
    QueueItem,
    QueueReason,
    Report,
    Rule,
    Sanction,
    ScreeningAction,
    WatchedTerm,
)
from .rules import current_rules_version, publish_rules_version
from .sanctions import CHAT_BLOCKED, POSTING_BLOCKED, REPORTING_BLOCKED, EndRule, policy_for
from .screening import Matcher, TermMatch, TermSpec
from .signals import content_moderated, sanction_imposed

__all__ = [
    "CHAT_BLOCKED",
    "POSTING_BLOCKED",
    "REPORTING_BLOCKED",
    "AlreadyAppealed",
    "AlreadyReported",
    "ModerationError",
    "PostingNotAllowed",
    "ScreeningResult",
    "Verdict",
    "active_sanction",
    "check_submission",
    "claim",
    "current_rules_version",
    "decide",
    "decide_appeal",
    "decide_content",
    "file_appeal",
    "impose_sanction",
    "lift_sanction",
    "publish_rules_version",
    "record_submission",
    "release",
    "report_content",
    "screen",
]


# --- Errors ------------------------------------------------------------------------------------


class ModerationError(Exception):
    """A request the rules do not allow; ``str(error)`` is a translated, plain-language message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class PostingNotAllowed(ModerationError):
    """The author is muted, suspended or banned. ``sanction`` says which, why and until when."""

    def __init__(self, sanction: Sanction):
        super().__init__(sanction_message(sanction))
        self.sanction = sanction


class AlreadyReported(ModerationError):
    def __init__(self):
        super().__init__(_("You have already reported this. A moderator will look at it."))


class AlreadyAppealed(ModerationError):
    def __init__(self):
        super().__init__(_("This decision has already been appealed. A decision can be appealed once."))


# --- Screening -----------------------------------------------------------------------------------

ALLOW, REVIEW, BLOCK = "allow", "review", "block"
_MATCHER_CACHE_KEY = "moderation:matcher-token"


@dataclass(frozen=True)
class ScreeningResult:
    """What ``screen`` found. ``action``: allow, review or block; ``matches``: the terms and their lists."""

    action: str
    matches: tuple[TermMatch, ...] = ()
    evasion: bool = False

    @property
    def hold_before_publishing(self) -> bool:
        """A hold-list term, or a flag-list term in disguise: a moderator reads it before anyone else."""
        return any(
            m.list_action == ScreeningAction.HOLD or (m.list_action == ScreeningAction.FLAG and m.evasion)
            for m in self.matches
        )

    @property
    def rule_id(self) -> int | None:
        """The rule of the weightiest match (block before hold before flag)."""
        order = {ScreeningAction.BLOCK: 0, ScreeningAction.HOLD: 1, ScreeningAction.FLAG: 2}
        ranked = sorted(self.matches, key=lambda m: (order[m.list_action], not m.evasion))
        return ranked[0].rule_id if ranked else None

    def as_dict(self) -> dict:
        return {
            "action": self.action,
            "evasion": self.evasion,
            "matches": [m.as_dict() for m in self.matches],
        }


class _MatcherState:
    token: str | None = None
    matcher: Matcher | None = None


def _current_token() -> str:
    token = cache.get(_MATCHER_CACHE_KEY)
    if token is None:
        token = MatcherVersion.objects.values_list("token", flat=True).first() or "empty"
        cache.set(_MATCHER_CACHE_KEY, token, None)
    return token


def load_term_specs() -> list[TermSpec]:
    terms = WatchedTerm.objects.filter(watch_list__is_active=True).select_related("watch_list__rule")
    return [
        TermSpec(
            id=term.pk,
            term=term.term,
            mode=term.match,
            action=term.watch_list.action,
            list_name=term.watch_list.name,
            rule_id=term.watch_list.rule_id,
            rule_number=term.watch_list.rule.number,
            exceptions=tuple(term.exception_list()),
        )
        for term in terms
    ]


def get_matcher() -> Matcher:
    """The compiled matcher, rebuilt only when the watch lists changed (in any process)."""
    token = _current_token()
    if _MatcherState.matcher is None or _MatcherState.token != token:
        _MatcherState.matcher = Matcher(load_term_specs())
        _MatcherState.token = token
    return _MatcherState.matcher


def watch_lists_changed() -> None:
    """Give the watch lists a new version so that every process rebuilds its matcher.

    The cache key is dropped now (this process, inside the transaction, reads the new token from the
    database) and again after commit (other processes may have cached the old token meanwhile).
    """
    token = uuid.uuid4().hex
    updated = MatcherVersion.objects.filter(pk=1).update(token=token)
    if not updated:
        MatcherVersion.objects.create(pk=1, token=token)
    cache.delete(_MATCHER_CACHE_KEY)
    transaction.on_commit(partial(cache.delete, _MATCHER_CACHE_KEY))


def screen(text: str) -> ScreeningResult:
    """Check ``text`` against the watch lists: allow, review (hold or flag) or block."""
    matches = tuple(get_matcher().find(text))
    if not matches:
        return ScreeningResult(ALLOW)
    actions = {m.list_action for m in matches}
    action = BLOCK if ScreeningAction.BLOCK in actions else REVIEW
    return ScreeningResult(action, matches, evasion=any(m.evasion for m in matches))


def _count_hits(screening: ScreeningResult) -> None:
    if screening.matches:
        WatchedTerm.objects.filter(pk__in=[m.term_id for m in screening.matches]).update(
            hit_count=F("hit_count") + 1, last_hit_at=timezone.now()
        )


# --- Submissions -------------------------------------------------------------------------------

PUBLISH, HOLD = "publish", "hold"


@dataclass(frozen=True)
class Verdict:
    """What to do with a new submission: ``publish``, ``hold`` or ``block`` (do not save it).

    ``initial_state`` is the ``moderation_state`` to save the row with (None for block); ``message``
    is a translated sentence for the author (empty when published); ``reason`` is the queue reason
    when the item goes to the queue (held, or flagged after publishing).
    """

    action: str
    initial_state: str | None
    message: str = ""
    screening: ScreeningResult = field(default_factory=lambda: ScreeningResult(ALLOW))
    reason: str = ""
    rule: Rule | None = None


def _is_moderator(user) -> bool:
    return user is not None and user.is_authenticated and user.has_perm("moderation.work_queue")


def _published_count(user) -> int:
    return (
        ContributorStanding.objects.filter(user=user).values_list("published_count", flat=True).first() or 0
    )


def check_submission(*, author, text: str) -> Verdict:
    """Decide how a new post or message starts, before it is saved.

    Raises ``PostingNotAllowed`` when the author is muted, suspended or banned. Then screening (block
    or hold by watched terms), then new-account pre-moderation. Anonymous chat participants
    (``author=None``) are screened only; the chat app keeps their own mutes.
    """
    if author is not None:
        sanction = active_sanction(author)
        if sanction is not None:
            raise PostingNotAllowed(sanction)
    screening = screen(text)
    if screening.action == BLOCK:
        rule = Rule.objects.get(pk=screening.rule_id)
        with transaction.atomic():
            _count_hits(screening)
            _audit(AuditAction.SCREENING_BLOCK, actor=author, rule=rule, **screening.as_dict())
        return Verdict(
            BLOCK,
            None,
            gettext(
                "Your message was not published because it breaks rule %(number)s: %(title)s. "
                "You can edit it and send it again."
            )
            % {"number": rule.number, "title": rule.localized_title},
            screening,
            rule=rule,
        )
    if screening.hold_before_publishing:
        rule = Rule.objects.get(pk=screening.rule_id)
        return Verdict(
            HOLD,
            ModerationState.HELD,
            gettext(
                "Your message waits for a moderator because it may break rule %(number)s: %(title)s. "
                "Only you and the moderators can see it until then."
            )
            % {"number": rule.number, "title": rule.localized_title},
            screening,
            QueueReason.SCREENING_HOLD,
            rule,
        )
    held_posts = conf.new_user_held_posts()
    is_new = author is not None and held_posts and not _is_moderator(author)
    if is_new and _published_count(author) < held_posts:
        return Verdict(
            HOLD,
            ModerationState.HELD,
            gettext(
                "Welcome! A moderator reads the first messages of a new member before they are "
                "shown. Only you and the moderators can see this one until then."
            ),
            screening,
            QueueReason.NEW_USER,
        )
    reason = QueueReason.SCREENING_FLAG if screening.action == REVIEW else ""
    return Verdict(PUBLISH, ModerationState.PUBLISHED, "", screening, reason)


def record_submission(content, verdict: Verdict) -> QueueItem | None:
    """Call right after saving ``content`` (in the same transaction) with the verdict it was saved by.

    Puts held and flagged items in the queue, writes the audit entry and counts term hits.
    """
    if verdict.action == BLOCK:
        raise ValueError("A blocked submission is not saved, so there is nothing to record.")
    author = content.moderation_author()
    item = None
    with transaction.atomic():
        _count_hits(verdict.screening)
        if verdict.reason:
            item = QueueItem.objects.create(
                content_type=ContentType.objects.get_for_model(content),
                object_id=str(content.pk),
                reason=verdict.reason,
                author=author,
                excerpt=content.moderation_text()[:2000],
                screening=[m.as_dict() for m in verdict.screening.matches],
            )
            audit_action = {
                QueueReason.SCREENING_HOLD: AuditAction.SCREENING_HOLD,
                QueueReason.SCREENING_FLAG: AuditAction.SCREENING_FLAG,
                QueueReason.NEW_USER: AuditAction.NEW_USER_HOLD,
            }[verdict.reason]
            _audit(
                audit_action,
                actor=author,
                content=content,
                rule=verdict.rule,
                **verdict.screening.as_dict(),
            )
        if verdict.action == PUBLISH and author is not None:
            _count_published(author)
    return item


def _count_published(user) -> None:
    standing, created = ContributorStanding.objects.get_or_create(user=user, defaults={"published_count": 1})
    if not created:
        ContributorStanding.objects.filter(pk=standing.pk).update(published_count=F("published_count") + 1)


# --- Reports -------------------------------------------------------------------------------------


def _content_type_and_id(content) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(content), str(content.pk)


def _open_item(content, *, reason: str) -> QueueItem:
    """The open queue item of ``content``, locked; created when there is none."""
    content_type, object_id = _content_type_and_id(content)
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


def _is_trusted_reporter(user) -> bool:
    return _is_moderator(user) or _published_count(user) >= conf.trusted_reporter_min_posts()


def report_content(content, *, reporter=None, reporter_key=None, rule, note: str = "") -> Report:
    """A reader reports ``content`` as breaking ``rule`` (a Rule or its pk).

    ``reporter`` is a signed-in person; ``reporter_key`` identifies an anonymous chat participant.
    Raises ``AlreadyReported`` on a second report by the same person, ``ModerationError`` for content
    the person may not read (``moderation_audience_includes``), one's own content or removed content. Enough reports by trusted people hold a published item.
    """
    if (reporter is None) == (not reporter_key):
        raise ValueError("Give exactly one of reporter and reporter_key.")
    if not isinstance(rule, Rule):
        rule = Rule.objects.get(pk=rule)
    if reporter is not None and not content.moderation_audience_includes(reporter):
        raise ModerationError(_("No such message."))
    author = content.moderation_author()
    if reporter is not None and author is not None and author.pk == reporter.pk:
        raise ModerationError(_("You cannot report your own message."))
    if content.moderation_state == ModerationState.REMOVED:
        raise ModerationError(_("This message has already been removed."))
    if reporter is not None:
        sanction = active_sanction(reporter, kinds=REPORTING_BLOCKED)
        if sanction is not None:
            raise PostingNotAllowed(sanction)
    content_type, object_id = _content_type_and_id(content)
    same_person = Q(reporter=reporter) if reporter is not None else Q(reporter_key=reporter_key)
    if Report.objects.filter(same_person, content_type=content_type, object_id=object_id).exists():
        raise AlreadyReported()
    trusted = reporter is not None and _is_trusted_reporter(reporter)
    with transaction.atomic():
        item = _open_item(content, reason=QueueReason.REPORTED)
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    content_type=content_type,
                    object_id=object_id,
                    reporter=reporter,
                    reporter_key=reporter_key or "",
                    rule=rule,
                    note=note[:1000],
                    trusted=trusted,
                    queue_item=item,
                )
        except IntegrityError:
            raise AlreadyReported() from None
        QueueItem.objects.filter(pk=item.pk).update(report_count=F("report_count") + 1)
        _audit(
            AuditAction.REPORT,
            actor=reporter,
            actor_key=reporter_key or "",
            subject_user=author,
            content=content,
            rule=rule,
            note=note[:1000],
        )
        if content.moderation_state == ModerationState.PUBLISHED:
            trusted_reports = Report.objects.filter(
                content_type=content_type, object_id=object_id, queue_item=item, trusted=True
            ).count()
            if trusted_reports >= conf.report_hide_threshold():
                _set_state(content, ModerationState.HELD, rule=None)
                _audit(AuditAction.AUTO_HIDE, subject_user=author, content=content, reports=trusted_reports)
    return report


# --- Queue and decisions -----------------------------------------------------------------------

_NEW_STATE = {
    DecisionAction.APPROVE: ModerationState.PUBLISHED,
    DecisionAction.HIDE: ModerationState.HIDDEN,
    DecisionAction.EDIT: ModerationState.PUBLISHED,
    DecisionAction.REMOVE: ModerationState.REMOVED,
}


def _require(user, permission: str) -> None:
    if not (user is not None and user.is_authenticated and user.has_perm(permission)):
        raise PermissionDenied(gettext("You do not have permission to do this."))


def claim(item: QueueItem, *, moderator) -> QueueItem:
    """Take an item so that other moderators see someone is on it."""
    _require(moderator, "moderation.work_queue")
    with transaction.atomic():
        item = QueueItem.objects.select_for_update().get(pk=item.pk)
        if item.status != QueueItem.Status.OPEN:
            raise ModerationError(_("This item has already been decided."))
        if item.claimed_by_id and item.claimed_by_id != moderator.pk:
            raise ModerationError(
                _("%(name)s is already handling this item.") % {"name": item.claimed_by.public_name}
            )
        item.claimed_by = moderator
        item.claimed_at = timezone.now()
        item.save(update_fields=["claimed_by", "claimed_at"])
        _audit(AuditAction.CLAIM, actor=moderator, subject_user=item.author, content_ref=item)
    return item


def release(item: QueueItem, *, moderator) -> QueueItem:
    """Give a claimed item back to the queue (a coordinator may release anyone's claim)."""
    _require(moderator, "moderation.work_queue")
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
    rule: Rule | None = None,
    note: str = "",
    edited_text: str | None = None,
) -> Decision:
    """Approve, hide, edit or remove the content of a queue item. All but approve must cite a rule.

    The author is told in their own language, naming the rule and how to appeal.
    """
    _require(moderator, "moderation.work_queue")
    if action not in DecisionAction.values:
        raise ValueError(f"Unknown decision {action!r}.")
    if action != DecisionAction.APPROVE and rule is None:
        raise ModerationError(_("Choose the rule this decision is based on."))
    if rule is not None and not isinstance(rule, Rule):
        rule = Rule.objects.get(pk=rule)
    with transaction.atomic():
        item = QueueItem.objects.select_for_update().get(pk=item.pk)
        if item.status != QueueItem.Status.OPEN:
            raise ModerationError(_("This item has already been decided."))
        if item.claimed_by_id and item.claimed_by_id != moderator.pk:
            raise ModerationError(
                _("%(name)s is already handling this item.") % {"name": item.claimed_by.public_name}
            )
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
        _set_state(
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
            _count_published(author)
        _audit(
            AuditAction.DECISION,
            actor=moderator,
            subject_user=author,
            content=content,
            rule=rule,
            decision=decision.pk,
            action=action,
            old_state=old_state,
            new_state=new_state,
            note=note,
        )
        if author is not None and (action != DecisionAction.APPROVE or old_state != new_state):
            _notify_decision(author, decision, content)
    return decision


def decide_content(
    content, *, moderator, action: str, rule: Rule | None = None, note: str = "", edited_text=None
):
    """Decide on content that is not (yet) in the queue, e.g. a volunteer removing a chat message live."""
    _require(moderator, "moderation.work_queue")
    with transaction.atomic():
        item = _open_item(content, reason=QueueReason.MODERATOR)
        return decide(item, moderator=moderator, action=action, rule=rule, note=note, edited_text=edited_text)


def _set_state(content, new_state: str, *, rule: Rule | None, always_signal: bool = False) -> None:
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


def _notify_decision(author, decision: Decision, content) -> None:
    with translation.override(author.language):
        rule = decision.rule
        params = {
            "number": rule.number if rule else "",
            "title": rule.localized_title if rule else "",
            "note": decision.note,
        }
        if decision.action == DecisionAction.APPROVE:
            title = gettext("Your message is now visible")
            body = gettext("A moderator read your message and published it. Thank you for taking part.")
            url = content.get_absolute_url()
        else:
            title = {
                DecisionAction.HIDE: gettext("Your message was hidden"),
                DecisionAction.EDIT: gettext("A moderator edited your message"),
                DecisionAction.REMOVE: gettext("Your message was removed"),
            }[decision.action]
            body = {
                DecisionAction.HIDE: gettext(
                    "A moderator hid your message because it breaks rule %(number)s: %(title)s. "
                    "Others see a note in its place that names the rule."
                ),
                DecisionAction.EDIT: gettext(
                    "A moderator edited your message because it broke rule %(number)s: %(title)s. "
                    "The rest of your message is shown as you wrote it."
                ),
                DecisionAction.REMOVE: gettext(
                    "A moderator removed your message because it breaks rule %(number)s: %(title)s."
                ),
            }[decision.action] % params
            if decision.note:
                body += "\n\n" + gettext("The moderator's note: %(note)s") % params
            body += "\n\n" + gettext(
                "If you think the decision is wrong, you can appeal it once. Another moderator "
                "will look at it and tell you the result."
            )
            url = reverse("moderation:appeal", args=[decision.pk])
        notify(author, title=title, body=body, url=url, email=True)


# --- Sanctions -------------------------------------------------------------------------------


def active_sanction(user, kinds=POSTING_BLOCKED) -> Sanction | None:
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


def sanction_message(sanction: Sanction) -> str:
    """A plain sentence in the active language: which sanction, under which rule, until when."""
    policy = sanction.policy
    params = {"number": sanction.rule.number, "title": sanction.rule.localized_title}
    if sanction.ends_at is None:
        return str(policy.notice) % params
    end = date_format(timezone.localtime(sanction.ends_at), "SHORT_DATETIME_FORMAT")
    return str(policy.notice_until) % {**params, "end": end}


def impose_sanction(
    user,
    *,
    moderator,
    kind: str,
    rule: Rule,
    ends_at=None,
    note: str = "",
    decision: Decision | None = None,
) -> Sanction:
    """Warn, mute, suspend or ban ``user``. Peer moderators may warn and mute; coordinators all four.

    Mutes and suspensions need ``ends_at``; a ban may be open-ended; a warning has no end.
    ``sanction_imposed`` is sent after commit (chat closes the person's connections).
    """
    policy = policy_for(kind)
    _require(moderator, policy.permission)
    if user.pk == moderator.pk:
        raise ModerationError(_("You cannot sanction yourself."))
    if rule is None:
        raise ModerationError(_("Choose the rule this sanction is based on."))
    if not isinstance(rule, Rule):
        rule = Rule.objects.get(pk=rule)
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
            actor=moderator,
            subject_user=user,
            rule=rule,
            sanction=sanction.pk,
            kind=kind,
            ends_at=ends_at.isoformat() if ends_at else None,
            note=note,
        )
        with translation.override(user.language):
            body = sanction_message(sanction)
            if note:
                body += "\n\n" + gettext("The moderator's note: %(note)s") % {"note": note}
            body += "\n\n" + gettext("The community rules: %(url)s") % {"url": reverse("moderation:rules")}
            notify(
                user,
                title=str(sanction.get_kind_display()),
                body=body,
                url=reverse("moderation:rules"),
                email=True,
            )
        transaction.on_commit(partial(sanction_imposed.send, sender=Sanction, sanction=sanction))
    return sanction


def lift_sanction(sanction: Sanction, *, moderator, note: str = "") -> Sanction:
    """End a sanction early. Needs the same permission as imposing it."""
    _require(moderator, sanction.policy.permission)
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if sanction.lifted_at is not None:
            raise ModerationError(_("This sanction has already been lifted."))
        sanction.lifted_at = timezone.now()
        sanction.lifted_by = moderator
        sanction.save(update_fields=["lifted_at", "lifted_by"])
        _audit(
            AuditAction.SANCTION_LIFTED,
            actor=moderator,
            subject_user=sanction.user,
            rule=sanction.rule,
            sanction=sanction.pk,
            note=note,
        )
        with translation.override(sanction.user.language):
            notify(
                sanction.user,
                title=gettext("Your sanction has been lifted"),
                body=gettext("You can take part again. Thank you for keeping to the community rules."),
            )
    return sanction


# --- Appeals -----------------------------------------------------------------------------------


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
        _audit(
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
    _require(moderator, "moderation.decide_appeal")
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
            _set_state(content, ModerationState.PUBLISHED, rule=None)
        _audit(
            AuditAction.APPEAL_DECIDED,
            actor=moderator,
            subject_user=appeal.author,
            content_ref=decision,
            rule=decision.rule,
            appeal=appeal.pk,
            outcome=appeal.status,
            response=response,
        )
        with translation.override(appeal.author.language):
            if overturn:
                title = gettext("Your appeal was accepted")
                body = gettext("Another moderator looked at your appeal and changed the decision.")
            else:
                title = gettext("Your appeal was not accepted")
                body = gettext(
                    "Another moderator looked at your appeal and kept the decision under rule "
                    "%(number)s: %(title)s."
                ) % {"number": decision.rule.number, "title": decision.rule.localized_title}
            if response:
                body += "\n\n" + gettext("The moderator's note: %(note)s") % {"note": response}
            notify(
                appeal.author,
                title=title,
                body=body,
                url=reverse("moderation:appeal", args=[decision.pk]),
                email=True,
            )
    return appeal


# --- Audit -------------------------------------------------------------------------------------


def _audit(
    action: str,
    /,
    *,
    actor=None,
    actor_key: str = "",
    subject_user=None,
    content=None,
    content_ref=None,
    rule: Rule | None = None,
    **detail,
) -> AuditEntry:
    """Append one audit entry. ``content`` is a content item; ``content_ref`` a queue item or decision."""
    content_type, object_id = None, ""
    if content is not None:
        content_type, object_id = _content_type_and_id(content)
    elif content_ref is not None:
        content_type, object_id = content_ref.content_type, content_ref.object_id
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_key=actor_key,
        subject_user=subject_user,
        content_type=content_type,
        object_id=object_id,
        rule=rule,
        detail=detail,
    )
