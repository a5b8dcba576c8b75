"""Calendar arithmetic in local (Helsinki) time, in one place.

"The start of last month", "every Tuesday at 18" and "30 days ago" are wall-clock ideas: they must mean
the same on 31 December, on 29 February and on the nights the clocks change. Everything here is done with
``dateutil`` on datetimes in the current time zone (``relativedelta`` keeps the wall-clock time and lets
``zoneinfo`` find the offset), never by adding numbers to a month or a day by hand.

Subtracting two datetimes of one zone ignores their offsets (Python compares them as wall-clock times):
measure real time between instants in UTC.
"""

import datetime

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule, rrulestr
from django.utils import timezone

WORKDAYS = (MO, TU, WE, TH, FR)


def at_local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    """The aware instant of wall-clock time ``at`` on ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, at))


def month_start(moment: datetime.datetime | None = None, *, months: int = 0) -> datetime.datetime:
    """Midnight on the first day of the local month of ``moment`` (now by default), ``months`` later
    (negative: earlier)."""
    local = timezone.localtime(moment)
    return at_local((local + relativedelta(months=months, day=1)).date(), datetime.time(0))


def day_start(moment: datetime.datetime | None = None) -> datetime.datetime:
    """Local midnight at the start of the day of ``moment`` (now by default)."""
    return at_local(timezone.localtime(moment).date(), datetime.time(0))


def local_shift(moment: datetime.datetime, **delta) -> datetime.datetime:
    """``moment`` moved by calendar units (``days=-30``, ``months=1``, ``hour=0``…) on the local wall clock,
    so that "30 days ago" is the same clock time whatever daylight-saving change lies between."""
    return timezone.localtime(moment) + relativedelta(**delta)


def recurrence(rule: str, first_day: datetime.date, at: datetime.time) -> rrule:
    """The RFC 5545 ``rule`` (``FREQ=WEEKLY;BYDAY=TU``) from ``first_day`` at wall-clock time ``at``. Its
    occurrences are naive local times: ``occurrences`` makes them aware one by one, so that each keeps
    ``at`` on the wall clock whatever the offset on its day."""
    recurring = rrulestr(rule, dtstart=datetime.datetime.combine(first_day, at))
    if not isinstance(recurring, rrule):
        raise ValueError("one RRULE expected")
    return recurring


def occurrences(
    recurring: rrule, after: datetime.datetime, before: datetime.datetime
) -> list[datetime.datetime]:
    """The aware instants of ``recurring`` (from ``recurrence``) in ``[after, before)``."""
    start, end = (timezone.localtime(moment).replace(tzinfo=None) for moment in (after, before))
    return [timezone.make_aware(naive) for naive in recurring.between(start, end, inc=True) if naive != end]


def workday_after(day: datetime.date, **delta) -> datetime.date:
    """The first Monday-to-Friday on or after ``day`` moved by ``delta`` (e.g. ``months=2``)."""
    start = datetime.datetime.combine(day + relativedelta(**delta), datetime.time(0))
    return rrule(DAILY, byweekday=WORKDAYS, dtstart=start, count=1)[0].date()


def year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The local calendar year as an aware ``[start, end)`` range that a query or the search backend can
    filter on."""
    start = at_local(datetime.date(year, 1, 1), datetime.time(0))
    return start, at_local(start.date() + relativedelta(years=1), datetime.time(0))


def hour_start(moment: datetime.datetime | None = None) -> datetime.datetime:
    """The start of the clock hour of ``moment`` (now by default). Worked out in UTC: Helsinki's offset is
    whole hours, and the wall clock would lose the hour that repeats when the clocks go back."""
    return (moment or timezone.now()).astimezone(datetime.UTC) + relativedelta(
        minute=0, second=0, microsecond=0
    )
