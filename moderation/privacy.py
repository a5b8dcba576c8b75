"""Moderation's part of a person's data export (named on ModerationConfig).

Everything moderation holds about the person: what of theirs waited in the queue, the reports about their
content, the decisions on it, their sanctions and appeals, the reports they made themselves, and the audit
log's lines about them. Other people are left out: who reported them and which moderator decided are not
the person's data (reporters are protected so that reporting stays safe), and neither are another
reporter's own words, so a report about them shows its rule and date only.

Nothing is erased on account deletion: the records are the accountability of decisions already made, and
they keep pointing at the account, whose pseudonym the deletion replaces.
"""

from .models import Appeal, AuditEntry, ContributorStanding, Decision, QueueItem, Report, Sanction


def _when(value):
    return value.isoformat() if value else None


def export_personal_data(user) -> dict:
    standing = ContributorStanding.objects.filter(user=user).first()
    return {
        "published_count": standing.published_count if standing else 0,
        "held_for_a_moderator": [
            {
                "reason": item.get_reason_display(),
                "status": item.get_status_display(),
                "text": item.excerpt,
                "created_at": _when(item.created_at),
            }
            for item in QueueItem.objects.filter(author=user).order_by("created_at", "id")
        ],
        "reports_about_your_content": [
            {"rule": report.rule.number, "reported_at": _when(report.created_at)}
            for report in Report.objects.filter(queue_item__author=user)
            .select_related("rule")
            .order_by("created_at", "id")
        ],
        "reports_you_made": [
            {"rule": report.rule.number, "note": report.note, "reported_at": _when(report.created_at)}
            for report in Report.objects.filter(reporter=user)
            .select_related("rule")
            .order_by("created_at", "id")
        ],
        "decisions": [
            {
                "decision": decision.get_action_display(),
                "rule": decision.rule.number if decision.rule else None,
                "note": decision.note,
                "text_before_the_decision": decision.original_text,
                "decided_at": _when(decision.created_at),
            }
            for decision in Decision.objects.filter(author=user)
            .select_related("rule")
            .order_by("created_at", "id")
        ],
        "sanctions": [
            {
                "sanction": sanction.get_kind_display(),
                "rule": sanction.rule.number,
                "note": sanction.note,
                "starts_at": _when(sanction.starts_at),
                "ends_at": _when(sanction.ends_at),
                "lifted_at": _when(sanction.lifted_at),
            }
            for sanction in Sanction.objects.filter(user=user)
            .select_related("rule")
            .order_by("starts_at", "id")
        ],
        "appeals": [
            {
                "text": appeal.text,
                "status": appeal.get_status_display(),
                "answer": appeal.response,
                "filed_at": _when(appeal.filed_at),
                "decided_at": _when(appeal.decided_at),
            }
            for appeal in Appeal.objects.filter(author=user).order_by("filed_at", "id")
        ],
        "audit_log_about_you": [
            {"action": entry.get_action_display(), "at": _when(entry.created_at)}
            for entry in AuditEntry.objects.filter(subject_user=user).order_by("created_at", "id")
        ],
    }
