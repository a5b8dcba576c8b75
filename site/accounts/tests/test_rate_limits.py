"""Login and password-reset abuse is slowed down, but nobody can lock a victim out for good."""

import re
import time

from django.core import mail


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


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


def test_the_limit_is_told_in_finnish_next_to_the_form(client, make_user, home_page):
    make_user(email="kohde@example.org", password="oikea-salasana-1")
    for _ in range(5):
        _login(client, "kohde@example.org", "arvaus")
    response = _login(client, "kohde@example.org", "arvaus")
    assert response.status_code == 200
    assert (
        "Liian monta epäonnistunutta kirjautumisyritystä. Yritä myöhemmin uudelleen."
        in response.content.decode()
    )


def test_failed_logins_are_limited_per_address_across_accounts(client, make_user, home_page):
    """One machine guessing the passwords of many accounts is stopped after ten tries a minute."""
    for number in range(6):
        make_user(email=f"uhri{number}@example.org")
    for attempt in range(10):
        _login(client, f"uhri{attempt % 5}@example.org", "arvaus")
    # A sixth account, never tried before, is out of reach from this address for now ...
    response = _login(client, "uhri5@example.org", "correct-horse-42")
    assert "_auth_user_id" not in client.session
    # ... but its owner, coming from elsewhere, gets in: the limit is not a lock on the account.
    other_machine = client.__class__(REMOTE_ADDR="192.0.2.77")
    response = other_machine.post(
        "/accounts/login/", {"login": "uhri5@example.org", "password": "correct-horse-42"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in other_machine.session


def test_password_reset_does_not_tell_whether_an_account_exists(client, make_user, home_page):
    make_user(email="olemassa@example.org")
    known = client.post("/accounts/password/reset/", {"email": "olemassa@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "eiole@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert _without_csrf(client.get(known["Location"])) == _without_csrf(client.get(unknown["Location"]))
    # Both addresses get a message; only the real account's carries a reset link.
    assert sorted(message.to[0] for message in mail.outbox) == ["eiole@example.org", "olemassa@example.org"]
    assert "/password/reset/key/" not in next(m for m in mail.outbox if m.to == ["eiole@example.org"]).body


def test_reset_requests_for_one_address_are_limited_then_released(client, make_user, home_page, monkeypatch):
    make_user(email="kohde@example.org")
    for _ in range(5):
        client.post("/accounts/password/reset/", {"email": "kohde@example.org"})
    assert client.post("/accounts/password/reset/", {"email": "kohde@example.org"}).status_code == 429
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.post("/accounts/password/reset/", {"email": "kohde@example.org"}).status_code == 302
