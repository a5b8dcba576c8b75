"""Calendar arithmetic at the edges: year ends, leap days and the nights the clocks change."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from kuulluksi import dates
from tests.clock_edges import EDGES, HELSINKI, instant


def local(text: str, fold: int = 0) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=HELSINKI, fold=fold)


def elapsed(start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
    """Real time between two instants (subtracting two datetimes of one zone would ignore the offsets)."""
    return end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ("2026-12-01 10:00", 1, "2027-01-01 00:00"),  # the month-13 crash
        ("2026-12-31 23:30", 0, "2026-12-01 00:00"),
        ("2027-01-01 00:30", -1, "2026-12-01 00:00"),  # still 31 December in UTC
        ("2027-01-15 12:00", -2, "2026-11-01 00:00"),
        ("2028-02-29 12:00", -12, "2027-02-01 00:00"),
        ("2027-03-28 04:05", 1, "2027-04-01 00:00"),  # summer time: +03:00
    ],
)
def test_month_start_crosses_year_ends(moment, months, expected):
    start = dates.month_start(local(moment), months=months)
    assert start == local(expected)
    assert start.utcoffset() == local(expected).utcoffset()


def test_month_start_is_local_not_utc():
    # 30 November 22:30 UTC is already December in Helsinki.
    moment = datetime.datetime(2026, 11, 30, 22, 30, tzinfo=datetime.UTC)
    assert dates.month_start(moment) == local("2026-12-01 00:00")


def test_recurrence_keeps_the_wall_clock_time_over_the_change_to_summer_time():
    every_tuesday = dates.recurrence("FREQ=WEEKLY;BYDAY=TU", datetime.date(2027, 3, 20), datetime.time(18))
    sessions = dates.occurrences(every_tuesday, local("2027-03-20 00:00"), local("2027-04-07 00:00"))
    assert [timezone.localtime(s).strftime("%Y-%m-%d %H:%M") for s in sessions] == [
        "2027-03-23 18:00",
        "2027-03-30 18:00",
        "2027-04-06 18:00",
    ]
    assert elapsed(sessions[0], sessions[1]) == datetime.timedelta(
        days=7, hours=-1
    )  # one hour less that week


def test_occurrences_include_the_start_of_the_range_and_not_its_end():
    every_tuesday = dates.recurrence("FREQ=WEEKLY;BYDAY=TU", datetime.date(2026, 12, 1), datetime.time(18))
    assert dates.occurrences(every_tuesday, local("2026-12-01 18:00"), local("2026-12-08 18:00")) == [
        local("2026-12-01 18:00")
    ]


def test_recurrence_refuses_what_is_not_one_rule():
    with pytest.raises(ValueError):
        dates.recurrence("FREQ=SOMETIMES", datetime.date(2026, 12, 1), datetime.time(18))


def test_local_shift_counts_days_on_the_wall_clock():
    after = local("2027-10-31 12:00")  # the clocks went back at 04:00 that night
    back = dates.local_shift(after, days=-1)
    assert back == local("2027-10-30 12:00")
    assert elapsed(back, after) == datetime.timedelta(hours=25)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 12, 1), datetime.date(2027, 2, 1)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday
        (datetime.date(2027, 12, 29), datetime.date(2028, 2, 29)),  # leap day, a Tuesday
        (datetime.date(2026, 10, 5), datetime.date(2026, 12, 7)),  # 5 Dec is a Saturday
    ],
)
def test_workday_after_skips_the_weekend_and_clamps_month_ends(day, expected):
    assert dates.workday_after(day, months=2) == expected


def test_year_range_is_the_local_year():
    start, end = dates.year_range(2027)
    assert start == local("2027-01-01 00:00") and end == local("2028-01-01 00:00")
    assert start.astimezone(datetime.UTC).day == 31  # 22:00 UTC on New Year's Eve


def test_hour_start_in_the_repeated_hour():
    first = instant("2027-10-31 03:30", fold=0)
    second = instant("2027-10-31 03:30", fold=1)
    assert elapsed(first, second) == datetime.timedelta(hours=1)
    assert elapsed(instant("2027-10-31 03:00", fold=0), dates.hour_start(first)) == datetime.timedelta(0)
    assert elapsed(instant("2027-10-31 03:00", fold=1), dates.hour_start(second)) == datetime.timedelta(0)


@pytest.mark.parametrize(("label", "wall_clock", "fold"), EDGES, ids=[edge[0] for edge in EDGES])
def test_each_edge_is_the_helsinki_time_it_names(label, wall_clock, fold):
    with time_machine.travel(instant(wall_clock, fold), tick=False):
        assert timezone.localtime().strftime("%Y-%m-%d %H:%M") == wall_clock
