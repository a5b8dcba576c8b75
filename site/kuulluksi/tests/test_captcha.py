"""The captcha's spoken alternative: espeak-ng in the page's language, played in the page, offered only
where it exists; and a new picture without losing what was typed."""

import re
import shutil
import subprocess

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

from kuulluksi.captcha import speech_url

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


@pytest.fixture
def challenge(db):
    return CaptchaStore.objects.get(hashkey=CaptchaStore.generate_key())


@needs_espeak
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_characters_are_spoken_in_the_pages_language(client, challenge, settings, language, monkeypatch):
    settings.CAPTCHA_SPEECH_PATH = shutil.which("espeak-ng")
    calls = []
    real_run = subprocess.run

    def recording_run(command, **kwargs):
        calls.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr("kuulluksi.captcha.subprocess.run", recording_run)
    response = client.get(speech_url(challenge.hashkey, language))
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and len(response.content) > 10_000
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    command = calls[0]
    assert command[command.index("-v") + 1] == language
    assert command[-1] == ", ".join(challenge.challenge.lower())


def test_an_expired_or_unknown_challenge_is_gone(client, challenge, settings):
    settings.CAPTCHA_SPEECH_PATH = "/usr/bin/espeak-ng"
    CaptchaStore.objects.filter(pk=challenge.pk).update(expiration=timezone.now())
    assert client.get(speech_url(challenge.hashkey, "fi")).status_code == 410
    assert client.get(speech_url("x" * 40, "fi")).status_code == 410


def test_without_espeak_no_sound_is_offered_or_promised(client, home_page, settings):
    settings.CAPTCHA_SPEECH_PATH = None
    html = client.get("/accounts/signup/").content.decode()
    assert "<audio" not in html and "kuunte" not in html.lower() and "kuunnella" not in html.lower()
    key = re.search(r'name="captcha_0" value="(\w+)"', html).group(1)
    assert client.get(speech_url(key, "fi")).status_code == 404


def test_a_new_picture_without_javascript_keeps_what_was_typed(client, home_page):
    html = client.post(
        "/accounts/signup/", {"username": "Kaisla_77", "email": "kaisla@example.org", "captcha_1": ""}
    ).content.decode()
    assert 'value="Kaisla_77"' in html and 'value="kaisla@example.org"' in html
    assert 'class="link-button captcha-new" hidden' in html  # the button is for JavaScript only
