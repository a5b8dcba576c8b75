"""The instants at which the calendar is most likely to break something, in one list.

`scripts/calendar-sweep` (run by CI) sets the whole machine's clock to each of them with faketime and runs
the demo and the fast suite; `tests/test_demo_calendar.py` loads the demo at each of them with the clock
frozen. Each is written in Helsinki time, as a person there would name it.
"""

import datetime
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")

# label, Helsinki wall-clock time, fold (1 = the second time an hour repeats when the clocks go back)
EDGES = [
    ("1-december-morning", "2026-12-01 10:00", 0),
    ("new-years-eve-23-30", "2026-12-31 23:30", 0),
    ("new-year-00-30-still-december-in-utc", "2027-01-01 00:30", 0),
    ("leap-day", "2028-02-29 12:00", 0),
    ("clocks-forward-just-after-03-to-04", "2027-03-28 04:05", 0),
    ("clocks-back-03-30-first-time", "2027-10-31 03:30", 0),
    ("single-digit-day", "2027-03-04 09:15", 0),
    ("30-november-22-30-utc-is-1-december", "2026-12-01 00:30", 0),
]


def instant(wall_clock: str, fold: int = 0) -> datetime.datetime:
    """The aware UTC instant of a Helsinki wall-clock time."""
    local = datetime.datetime.fromisoformat(wall_clock).replace(tzinfo=HELSINKI, fold=fold)
    return local.astimezone(datetime.UTC)


def main() -> None:
    """Print one line per edge, ``label<TAB>epoch seconds``, for the shell script."""
    for label, wall_clock, fold in EDGES:
        print(f"{label}\t{int(instant(wall_clock, fold).timestamp())}")


if __name__ == "__main__":
    main()
