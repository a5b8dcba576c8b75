"""Login and password-reset abuse is slowed down, but nobody can lock a victim out for good."""

import time

from django.core import mail


def _login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_failed_logins_are_limited_per_account_then_released(client, make_user, home_page, monkeypatch):
    make_user(pseudonym="Kohde", email="kohde@example.org", password="oikea-salasana-1")
    for _ in range(5):
        response = _login(client, "kohde@example.org", "arvaus")
        assert response.status_code == 200
    # The right password is refused while the limit is on: an attacker learns nothing more.
    response = _login(client, "kohde@example.org", "oikea-salasana-1")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)

    # The limit is temporary: five minutes later the owner gets in.
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    response = _login(client, "kohde@example.org", "oikea-salasana-1")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_password_reset_requests_are_limited(client, make_user, home_page):
    make_user(email="kohde@example.org")
    statuses = [
        client.post("/accounts/password/reset/", {"email": "kohde@example.org"}).status_code for _ in range(7)
    ]
    assert statuses[0] == 302
    assert 429 in statuses
    assert len(mail.outbox) <= 5
