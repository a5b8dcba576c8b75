"""Recurring sessions: the sessions of a ``SessionSeries`` generated ahead, with their volunteers' shifts.

Generation is idempotent (one session per series and start): running it again, daily from cron or after
a coordinator saves the series, only adds what is missing, and a volunteer's cancelled shift stays
cancelled. A coming session that no longer fits the series (its day is now skipped, or the rule, time or
series' activity changed) is deleted while it is still only scheduled: it was never opened, so nothing
but its shifts goes with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from kuulluksi import dates, languages

from ..models import ChatSession, SessionSeries
from .permissions import is_volunteer
from .sessions import sign_up_for_shift


def generate_series_sessions(series: SessionSeries, *, until: datetime | None = None) -> list[ChatSession]:
    """Create the missing sessions of ``series`` that have not ended yet and start before ``until``
    (by default local midnight ``series.days_ahead`` days from today), and sign its volunteers up for
    the new ones; delete its scheduled sessions until then that no longer fit it. Returns the sessions
    created."""
    now = timezone.now()
    until = until or dates.day_start(now) + relativedelta(days=series.days_ahead)
    duration = timedelta(minutes=series.duration_minutes)
    skipped = set(series.exceptions.values_list("day", flat=True))
    created = []
    recurring = dates.recurrence(series.rule, series.first_day, series.starts_at)
    wanted = [
        starts_at
        for starts_at in dates.occurrences(recurring, now - duration, until)
        if series.active and timezone.localdate(starts_at) not in skipped and starts_at + duration > now
    ]
    with transaction.atomic():
        series.sessions.filter(status=ChatSession.SCHEDULED, starts_at__gt=now, starts_at__lt=until).exclude(
            starts_at__in=wanted
        ).delete()
        volunteers = [user for user in series.volunteers.filter(is_active=True) if is_volunteer(user)]
        for starts_at in wanted:
            session, is_new = ChatSession.objects.get_or_create(
                series=series,
                starts_at=starts_at,
                defaults={
                    "room": series.room,
                    **languages.in_every_language(series, "title"),
                    "ends_at": starts_at + duration,
                },
            )
            if is_new:
                for volunteer in volunteers:
                    sign_up_for_shift(session, volunteer=volunteer)
                created.append(session)
    return created


def generate_all_series_sessions() -> int:
    """Generate ahead for every series (the daily ``generate_chat_sessions`` command). Returns how many
    sessions were created."""
    return sum(len(generate_series_sessions(series)) for series in SessionSeries.objects.all())
