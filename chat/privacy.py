"""The chat's part of a person's data export and account deletion (named on ChatConfig)."""

from django.utils import timezone

from .models import Message, Participant, SessionReport, Shift, SupportAlert


def export_personal_data(user) -> dict:
    return {
        "messages": [
            {
                "session": message.session.title,
                "sent_at": message.created_at.isoformat(),
                "text": message.text,
                "moderation_state": message.moderation_state,
            }
            for message in Message.objects.filter(participant__user=user).select_related("session")
        ],
        "closed_groups": list(user.chat_groups.values_list("name", flat=True)),
        "shifts": [
            {"session": shift.session.title, "starts_at": shift.session.starts_at.isoformat()}
            for shift in Shift.objects.filter(volunteer=user).select_related("session")
        ],
        "session_reports": [
            {
                "session": report.session.title,
                "summary": report.summary,
                "written_at": report.created_at.isoformat(),
            }
            for report in SessionReport.objects.filter(volunteer=user).select_related("session")
        ],
        "support_alerts": [
            {"session": alert.session.title, "note": alert.note, "raised_at": alert.created_at.isoformat()}
            for alert in SupportAlert.objects.filter(volunteer=user).select_related("session")
        ],
    }


def erase_personal_data(user) -> None:
    """Messages stay (moderation may need them until the retention purge) but lose the pseudonym."""
    for participant in Participant.objects.filter(user=user):
        participant.nickname = f"deleted-{participant.pk}"
        participant.save(update_fields=["nickname"])
    user.chat_groups.clear()
    Shift.objects.filter(volunteer=user, session__starts_at__gt=timezone.now()).delete()
