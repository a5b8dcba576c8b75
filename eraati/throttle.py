"""Flood protection for anonymous answers without identifying anyone.

The client address is only used inside the cache, hashed together with the secret key and the
current window, and forgotten when the window ends. Nothing of it reaches the database.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from . import conf

ANSWERED_COOKIE = "eraati_answered"
ANSWERED_COOKIE_SALT = "eraati.answered"
ANSWERED_COOKIE_MAX_AGE = 400 * 24 * 3600

OK, CAPTCHA, REFUSE = "ok", "captcha", "refuse"


def _key(request) -> str:
    window = int(time.time() // conf.submit_rate_window())
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{window}|{address}".encode()).hexdigest()[:32]
    return f"eraati:submits:{digest}"


def level(request) -> str:
    """How much this client has answered lately: OK, CAPTCHA (ask for one) or REFUSE."""
    count = cache.get(_key(request), 0)
    if count >= conf.submit_rate_hard():
        return REFUSE
    if count >= conf.submit_rate_soft():
        return CAPTCHA
    return OK


def record_submit(request) -> None:
    key = _key(request)
    if not cache.add(key, 1, timeout=conf.submit_rate_window()):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=conf.submit_rate_window())


def answered_surveys(request) -> set[int]:
    """Surveys this browser has answered, from a signed cookie (ids of surveys, never of responses)."""
    value = request.get_signed_cookie(ANSWERED_COOKIE, default="", salt=ANSWERED_COOKIE_SALT)
    return {int(part) for part in value.split(",") if part.isdigit()}


def remember_answered(request, response, survey) -> None:
    answered = answered_surveys(request) | {survey.pk}
    response.set_signed_cookie(
        ANSWERED_COOKIE,
        ",".join(str(pk) for pk in sorted(answered)),
        salt=ANSWERED_COOKIE_SALT,
        max_age=ANSWERED_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
