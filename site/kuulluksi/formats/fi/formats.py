# Django's Finnish formats, but for the long date and time: the weekday and the short date, as in
# "tiistai 8.12.2026 klo 18.00" (when a chat or a K-talk starts).
DATE_FORMAT = "j.n.Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"l j.n.Y \k\l\o G.i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y G.i"
