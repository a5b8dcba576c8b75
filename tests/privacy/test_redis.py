"""A person who reads Redis, with SECRET_KEY in hand, learns no client address, no answer's time and
not who opted in from the eRaati rate limits."""

import hashlib
import hmac
import ipaddress
import time

import pytest
from django.conf import settings

from eraati import conf

from .conftest import OPTING_IN, RESPONDENTS

pytestmark = pytest.mark.django_db


def _dump(client, prefix):
    """Every key of this test's prefix with its value and remaining life, as a dump would have them."""
    return {key.decode(): (client.get(key), client.pttl(key)) for key in client.scan_iter(f"{prefix}:*")}


def _candidates(address: str, window: int):
    """What an attacker holding SECRET_KEY computes for one address and window: plain and keyed hashes
    in the spellings a rate limiter might use."""
    secret = settings.SECRET_KEY.encode()
    for text in (f"{settings.SECRET_KEY}|{window}|{address}", f"{window}|{address}", address):
        yield hashlib.sha256(text.encode()).hexdigest()
        yield hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


def test_rate_limit_keys_cannot_be_mapped_back_to_the_addresses(redis_cache, respondents, report_channel):
    client, prefix = redis_cache
    _survey, people = respondents()
    dump = _dump(client, prefix)
    eraati_keys = {key: value for key, value in dump.items() if "eraati" in key}
    assert len(eraati_keys) == RESPONDENTS  # one counter per address: the limiter is in use

    # The whole IPv4 loopback /24 and every window around now, against every key.
    now_window = int(time.time() // conf.submit_rate_window())
    addresses = [str(address) for address in ipaddress.ip_network("127.0.0.0/24")]
    digests = {
        candidate[:length]
        for address in addresses
        for window in range(now_window - 2, now_window + 3)
        for candidate in _candidates(address, window)
        for length in (16, 32, 64)
    }
    reversed_keys = [key for key in eraati_keys if any(part in digests for part in key.split(":"))]
    report_channel(
        "Redis rate-limit keys reversed to an address (with SECRET_KEY)",
        linked=len(reversed_keys),
        out_of=RESPONDENTS,
        chance=0.0,
    )
    assert reversed_keys == []
    for person in people:
        assert all(person.address not in key for key in dump)


def test_redis_tells_neither_who_opted_in_nor_when_anyone_answered(redis_cache, respondents, report_channel):
    client, prefix = redis_cache
    _survey, people = respondents()
    assert sum(person.opts_in for person in people) == OPTING_IN
    dump = {key: value for key, value in _dump(client, prefix).items() if "eraati" in key}
    counts = sorted(int(value) for value, _ttl in dump.values())
    report_channel(
        "Redis counters that mark an opt-in (a count other than 1)",
        linked=sum(count != 1 for count in counts),
        out_of=OPTING_IN,
        chance=0.0,
    )
    # Answering once leaves 1 for everybody: an opt-in changes no counter.
    assert counts == [1] * RESPONDENTS
    # Every key of a window dies at the same instant (the window's end), so no TTL dates an answer.
    lives = [ttl for _value, ttl in dump.values()]
    assert max(lives) - min(lives) < 200, lives  # the time the dump itself took, no more


def test_the_key_changes_with_the_window_and_is_not_kept_in_redis(redis_cache, rf, settings):
    from eraati import throttle

    client, prefix = redis_cache
    request = rf.post("/eraati/kysely/x/", REMOTE_ADDR="127.0.0.9")
    throttle.record_submit(request)
    first = set(_dump(client, prefix))
    window = conf.submit_rate_window()
    with pytest.MonkeyPatch.context() as patch:
        later = time.time() + window
        patch.setattr(throttle.time, "time", lambda: later)
        throttle.record_submit(request)
    second = set(_dump(client, prefix)) - first
    assert len(first) == len(second) == 1
    # Nothing in Redis holds key material: values are counts only.
    for key in client.scan_iter(f"{prefix}:*"):
        assert client.get(key).isdigit()
