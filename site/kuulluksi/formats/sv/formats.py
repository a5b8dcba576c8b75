# Finland-Swedish: the day first with periods, the clock with a period (kl. 17.36).
DATE_FORMAT = "j.n.Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"l j.n.Y \k\l. G.i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = r"j.n.Y \k\l. G.i"
