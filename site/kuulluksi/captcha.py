"""The one captcha of the site (sign-up and anonymous entry points only), with a spoken alternative.

The characters are spoken by Debian's espeak-ng in the page's language (Finnish, Swedish or English)
and played in the page (``<audio controls>``); where espeak-ng is not installed no audio is offered,
and nothing says there is. A "new picture" button (JavaScript) swaps the picture, its key and its sound;
without JavaScript, sending the form with the box empty gives a new picture and keeps what was typed.
"""

import subprocess

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

# espeak-ng's voice for each language the site offers.
VOICES = {"fi": "fi", "sv": "sv", "en": "en"}


def speech_engine() -> str | None:
    """The espeak-ng executable, or None where the spoken alternative is not offered."""
    return settings.CAPTCHA_SPEECH_PATH


def speech_url(key: str, language: str | None = None) -> str:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return f"{reverse('captcha_speech', kwargs={'key': key})}?lang={language}"


class CaptchaInput(CaptchaTextInput):
    # A plain label on the text box instead of a fieldset legend: screen readers announce the
    # label when the box gets focus, and the picture and the sound sit right above it.
    use_fieldset = False

    def audio_url(self):
        return speech_url(self._key) if speech_engine() else None


class SiteCaptchaField(CaptchaField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Type the characters in the picture"))
        kwargs.setdefault("help_text", _("Letters are not case sensitive."))
        kwargs.setdefault(
            "error_messages", {"invalid": _("The characters did not match. Try the new picture.")}
        )
        kwargs.setdefault("widget", CaptchaInput())
        super().__init__(**kwargs)


@never_cache
def captcha_speech(request, key: str):
    """The challenge's characters spoken one by one (WAV), in the language asked for (``?lang=``)."""
    engine = speech_engine()
    if engine is None:
        raise Http404
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if store is None:
        return HttpResponse(status=410)  # expired: the page offers a new picture
    voice = VOICES.get(request.GET.get("lang", ""), VOICES[settings.LANGUAGE_CODE])
    spoken = ", ".join(store.challenge.lower())
    sound = subprocess.run(  # noqa: S603 (no shell; the voice from VOICES, the text from our challenge)
        [engine, "-v", voice, "-s", "110", "-g", "12", "--stdout", spoken],
        capture_output=True,
        check=True,
        timeout=10,
    ).stdout
    return HttpResponse(sound, content_type="audio/wav")
