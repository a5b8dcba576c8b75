"""Care of the people in the chat: volunteers' support alerts, participants' feedback, session reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.notifications import notify
from accounts.permissions import users_with_permission

from ..models import ChatSession, Feedback, Room, RoomAction, SessionReport, SupportAlert
from ..protocol import ChatError
from .broadcast import broadcast
from .permissions import may_write_report, require_moderator
from .sessions import audit

if TYPE_CHECKING:
    from accounts.models import User


def raise_support_alert(session: ChatSession, *, by: User, note: str = "") -> SupportAlert:
    """A volunteer asks for support: those who support volunteers (the coordinators) are notified and the
    supervision room sees it."""
    require_moderator(by, session)
    with transaction.atomic():
        alert = SupportAlert.objects.create(session=session, volunteer=by, note=note[:300])
        audit(session, by, RoomAction.Verb.SUPPORT_ALERT)
        for coordinator in users_with_permission("chat.support_volunteers"):
            with translation.override(coordinator.language):
                notify(
                    coordinator,
                    title=gettext("%(volunteer)s needs support in the chat “%(session)s”")
                    % {"volunteer": by.username, "session": session.title},
                    body=note,
                    url=session.get_absolute_url(),
                    email=True,
                )
        payload = {
            "type": "support_alert",
            "volunteer": by.username,
            "session": session.title,
            "url": session.get_absolute_url(),
            "note": note[:300],
        }
        for supervision in ChatSession.objects.filter(room__kind=Room.SUPERVISION, status=ChatSession.OPEN):
            broadcast(supervision.group_name, payload)
    return alert


def submit_feedback(session: ChatSession, *, answer: int) -> Feedback:
    if session.status != ChatSession.CLOSED:
        raise ChatError("not_open", _("Feedback opens when the session has ended."))
    if answer not in dict(Feedback.ANSWER_CHOICES):
        raise ChatError("invalid", _("Choose one of the answers."))
    return Feedback.objects.create(session=session, answer=answer)


def write_session_report(
    session: ChatSession, *, by: User | None, summary: str, needs_follow_up: bool = False
) -> SessionReport:
    if session.status != ChatSession.CLOSED:
        raise ChatError("not_open", _("The report is written after the session has ended."))
    if not may_write_report(by, session):
        raise ChatError("forbidden", _("The volunteers who were on duty in the session write its report."))
    with transaction.atomic():
        report, _created = SessionReport.objects.update_or_create(
            session=session,
            defaults={
                "volunteer": by,
                "summary": summary,
                "needs_follow_up": needs_follow_up,
                "participant_count": session.participants.filter(is_host=False).count(),
            },
        )
        audit(session, by, RoomAction.Verb.REPORT_WRITTEN)
        if needs_follow_up:
            for coordinator in users_with_permission("chat.support_volunteers"):
                with translation.override(coordinator.language):
                    notify(
                        coordinator,
                        title=gettext("A chat session report needs follow-up"),
                        body=summary[:500],
                        url="/admin/",
                    )
    return report
