"""Flood protection for anonymous answers without identifying anyone.

A client address is counted in the cache under a keyed hash whose key is random, made in this worker's
memory when a rate-limit window starts and dropped when it ends: it is never written anywhere, so
neither the holder of ``SECRET_KEY`` nor a reader of Redis (now or in a later dump) can recompute the
hash of a guessed address. Every counter of a window expires at the window's end, whatever the time of
its first answer, so no remaining life dates an answer. Only answering counts; the opt-in form reads
the count but never changes it, so no counter tells who opted in (docs/privacy.md, "Threat model").

The cost of a key that lives in one worker: with several workers each counts its own share of an
address's requests, so an address reaches the limits after up to that many times more answers.
"""

import hashlib
import hmac
import logging
import secrets
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from kuulluksi.cache import OUTAGE

from . import conf

logger = logging.getLogger(__name__)

ANSWERED_COOKIE = "eraati_answered"
ANSWERED_COOKIE_SALT = "eraati.answered"
ANSWERED_COOKIE_MAX_AGE = 400 * 24 * 3600

OK, CAPTCHA, REFUSE = "ok", "captcha", "refuse"

_window_keys: dict[int, bytes] = {}
_window_keys_lock = threading.Lock()


def _window() -> tuple[int, int]:
    """The current window's number and the Unix time at which it ends."""
    length = conf.submit_rate_window()
    number = int(time.time() // length)
    return number, (number + 1) * length


def _window_key(number: int) -> bytes:
    """This worker's random key for the window; keys of earlier windows are forgotten."""
    with _window_keys_lock:
        key = _window_keys.get(number)
        if key is None:
            _window_keys.clear()
            key = _window_keys[number] = secrets.token_bytes(32)
        return key


def _key(request) -> tuple[str, int]:
    number, ends = _window()
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(_window_key(number), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"eraati:submits:{digest}", ends


def level(request) -> str:
    """How much this client has answered lately: OK, CAPTCHA (ask for one) or REFUSE."""
    key, _ends = _key(request)
    count = caches["default"].get(key, 0)
    if count >= conf.submit_rate_hard():
        return REFUSE
    if count >= conf.submit_rate_soft():
        return CAPTCHA
    return OK


def record_submit(request) -> None:
    """Count one stored answer from this client; the counter dies at the end of the window."""
    key, ends = _key(request)
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        name = cache.make_and_validate_key(key)
        try:
            with cache._cache.get_client(name, write=True).pipeline() as pipeline:
                pipeline.incr(name)
                pipeline.expireat(name, ends)
                pipeline.execute()
        except OUTAGE as error:  # as the site's cache does: an outage costs the count, not the answer
            logger.warning("Rate-limit count failed (%r).", error)
        return
    timeout = max(1, ends - int(time.time()))
    if not cache.add(key, 1, timeout=timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=timeout)


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
