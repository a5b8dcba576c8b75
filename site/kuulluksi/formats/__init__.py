"""The site's date and time formats where they differ from Django's (``FORMAT_MODULE_PATH``).

Finnish: 1.12.2026, 17.36, "tiistai 1.12.2026 klo 17.36" for when something starts. Swedish follows
Finland-Swedish usage, not Sweden's ISO dates: 1.12.2026 kl. 17.36. English puts the day before the
month with a 24-hour clock, as people in Finland read it: 1 Dec 2026, 17:36. Templates name a format
(``SHORT_DATE_FORMAT``, ``SHORT_DATETIME_FORMAT``, ``TIME_FORMAT``, ``DATETIME_FORMAT`` with the
weekday), never spell one out.
"""
