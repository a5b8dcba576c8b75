"""One way in for everyone: the Wagtail admin's own login and password reset are not a side door.

Before, ``/admin/login/`` checked 40 wrong passwords and then took the right one, and let an account
whose e-mail address was never verified in; ``/admin/password_reset/`` sent an e-mail for every request.
Both now lead to the site's login and reset (django-allauth), with their limits and the verification
rule. The failed-login limit counts per account, whatever identifier is typed.
"""

import time

from django.core import mail

PASSWORD = "oikea-salasana-1"


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_admin_login_leads_to_the_site_login_keeping_where_to_go(client, db):
    response = client.get("/admin/login/?next=/admin/moderation/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/moderation/"
    assert client.get("/admin/login/")["Location"] == "/accounts/login/?next=/admin/"


def test_admin_login_form_checks_no_password(client, make_user, home_page):
    make_user(role="peer_moderator", pseudonym="vapaa", password=PASSWORD)
    for _ in range(40):
        client.post("/admin/login/", {"username": "vapaa", "password": "arvaus"})
    response = client.post("/admin/login/", {"username": "vapaa", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not _signed_in(client)


def test_unverified_staff_account_cannot_sign_in_to_the_admin(client, make_user, home_page):
    make_user(role="peer_moderator", pseudonym="vahvistamaton", password=PASSWORD, verified=False)
    client.post("/admin/login/", {"username": "vahvistamaton", "password": PASSWORD})
    assert not _signed_in(client)
    response = client.post("/accounts/login/?next=/admin/", {"login": "vahvistamaton", "password": PASSWORD})
    assert not _signed_in(client)
    assert response["Location"].startswith("/accounts/confirm-email/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_verified_staff_account_reaches_the_admin_through_the_site_login(client, make_user, home_page):
    make_user(role="peer_moderator", pseudonym="vapaa", password=PASSWORD)
    response = client.post("/accounts/login/?next=/admin/", {"login": "vapaa", "password": PASSWORD})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_password_reset_sends_no_mail_of_its_own(client, make_user, home_page):
    make_user(pseudonym="kohde", email="kohde@example.org")
    for _ in range(12):
        response = client.post("/admin/password_reset/", {"email": "kohde@example.org"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/reset/"
    assert len(mail.outbox) == 0
    statuses = [
        client.post("/accounts/password/reset/", {"email": "kohde@example.org"}).status_code for _ in range(7)
    ]
    assert statuses.count(302) == 5 and len(mail.outbox) == 5


def test_failed_logins_count_per_account_whatever_is_typed(client, make_user, home_page, monkeypatch):
    make_user(pseudonym="Kohde", email="kohde@example.org", password=PASSWORD)
    for login in ("Kohde", "kohde", "KOHDE@example.org", "kohde@example.org", "Kohde"):
        client.post("/accounts/login/", {"login": login, "password": "arvaus"})
    # Five wrong tries, as the pseudonym and as the address: the account is now resting.
    client.post("/accounts/login/", {"login": "kohde@example.org", "password": PASSWORD})
    assert not _signed_in(client)
    client.post("/accounts/login/", {"login": "Kohde", "password": PASSWORD})
    assert not _signed_in(client)
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    client.post("/accounts/login/", {"login": "kohde@example.org", "password": PASSWORD})
    assert _signed_in(client)


def test_the_login_field_is_filled_as_a_user_name(client, db):
    html = client.get("/accounts/login/").content.decode()
    login_input = next(tag for tag in html.split("<input") if 'name="login"' in tag)
    assert 'autocomplete="username"' in login_input
