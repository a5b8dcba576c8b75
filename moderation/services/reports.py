"""Readers report content; enough trusted reports hold it until a moderator decides."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..models import AuditAction, ModerationState, QueueItem, QueueReason, Report
from ..sanctions import REPORTING_BLOCKED
from .audit import audit, content_type_and_id
from .decisions import open_item, set_state
from .errors import AlreadyReported, ModerationError, PostingNotAllowed, rule_from
from .sanctions import active_sanction
from .submissions import is_moderator, published_count


def _is_trusted_reporter(user) -> bool:
    return is_moderator(user) or published_count(user) >= conf.trusted_reporter_min_posts()


def report_content(content, *, reporter=None, reporter_key=None, rule, note: str = "") -> Report:
    """A reader reports ``content`` as breaking ``rule`` (a Rule or its pk).

    ``reporter`` is a signed-in person; ``reporter_key`` identifies an anonymous chat participant.
    Raises ``AlreadyReported`` on a second report by the same person, ``ModerationError`` for content
    the person may not read (``moderation_audience_includes``), one's own content or removed content,
    ``UnknownRule`` for a rule id that names no rule. Enough reports by trusted people hold a published
    item.
    """
    if (reporter is None) == (not reporter_key):
        raise ValueError("Give exactly one of reporter and reporter_key.")
    rule = rule_from(rule)
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
    content_type, object_id = content_type_and_id(content)
    same_person = Q(reporter=reporter) if reporter is not None else Q(reporter_key=reporter_key)
    if Report.objects.filter(same_person, content_type=content_type, object_id=object_id).exists():
        raise AlreadyReported()
    trusted = reporter is not None and _is_trusted_reporter(reporter)
    with transaction.atomic():
        item = open_item(content, reason=QueueReason.REPORTED)
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
        audit(
            AuditAction.REPORT,
            actor=reporter,
            actor_key=reporter_key or "",
            subject_user=author,
            content=content,
            rule=rule,
            with_note=bool(note),  # the note itself is in the report, which retention can redact
        )
        if content.moderation_state == ModerationState.PUBLISHED:
            trusted_reports = Report.objects.filter(
                content_type=content_type, object_id=object_id, queue_item=item, trusted=True
            ).count()
            if trusted_reports >= conf.report_hide_threshold():
                set_state(content, ModerationState.HELD, rule=None)
                audit(AuditAction.AUTO_HIDE, subject_user=author, content=content, reports=trusted_reports)
    return report
