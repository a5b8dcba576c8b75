import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from accounts import roles

User = get_user_model()

VALID = {
    "username": "Kaisla_77",
    "email": "kaisla@example.org",
    "password1": "pitkä-salasana-42",
    "password2": "pitkä-salasana-42",
    "captcha_0": "any",
    "captcha_1": "PASSED",
    "accept_rules": "on",
}


@pytest.fixture
def signup(client, home_page):
    def post(**overrides):
        data = {**VALID, **overrides}
        return client.post("/accounts/signup/", {k: v for k, v in data.items() if v is not None})

    return post


def test_signup_page_shows_captcha_with_audio_and_the_rules(client, home_page, settings):
    settings.CAPTCHA_SPEECH_PATH = "/usr/bin/espeak-ng"
    html = client.get("/accounts/signup/").content.decode()
    assert "Nimimerkki" in html
    assert 'alt="Kuva kirjoitettavista merkeistä"' in html
    assert re.search(r'<audio controls preload="none" src="/captcha/speech/\w+\.wav\?lang=fi">', html)
    assert 'href="/moderation/rules/"' in html


def test_signup_verifies_email_then_logs_in(client, signup):
    from moderation.rules import current_rules_version

    response = signup()
    assert response.status_code == 302
    user = User.objects.get(username="Kaisla_77")
    assert user.groups.filter(name=roles.CITIZEN).exists()
    assert user.rules_version_accepted == current_rules_version()
    assert user.rules_accepted_at is not None
    assert user.language == "fi"
    assert not EmailAddress.objects.get(user=user).verified

    # Not verified yet: logging in sends another confirmation instead of a session.
    client.post("/accounts/login/", {"login": "kaisla@example.org", "password": VALID["password1"]})
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) >= 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_in_swedish_stores_swedish_as_the_language(client, home_page):
    client.post("/sv/accounts/signup/", VALID)
    assert User.objects.get(username="Kaisla_77").language == "sv"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"accept_rules": None}, "accept_rules", "Voit liittyä vain, jos hyväksyt yhteisön säännöt."),
        ({"captcha_1": "wrong"}, "captcha", "Merkit eivät täsmänneet. Kokeile uutta kuvaa."),
        ({"username": "Kaisla Mäki"}, "username", "Nimimerkissä voi olla"),
        ({"password2": "eri-salasana-42"}, "password2", None),
        ({"email": "ei-osoite"}, "email", None),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_kept(signup, overrides, field, message):
    response = signup(**overrides)
    assert response.status_code == 200
    assert not User.objects.filter(username=VALID["username"]).exists()
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    if message:
        assert message in html
    # The error is linked to its field, and what was typed is kept (passwords excepted).
    assert f'id="id_{field}_error"' in html or field == "captcha"
    if field != "username":
        assert 'value="Kaisla_77"' in html


def test_pseudonym_is_unique_whatever_the_case(signup, make_user):
    make_user(pseudonym="kaisla_77")
    response = signup()
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username__iexact="kaisla_77").count() == 1


def test_typed_markup_is_escaped_when_the_form_is_shown_again(signup):
    response = signup(email='"><script>alert(1)</script>')
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
