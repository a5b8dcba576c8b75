"""The one captcha of the site (sign-up and anonymous entry points only), with an audio alternative."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django.utils.translation import gettext_lazy as _


class CaptchaInput(CaptchaTextInput):
    # A plain label on the text box instead of a fieldset legend: screen readers announce the
    # label when the box gets focus, and the picture and the audio link sit right above it.
    use_fieldset = False


class SiteCaptchaField(CaptchaField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Type the characters in the picture"))
        kwargs.setdefault("help_text", _("Letters are not case sensitive. You can also listen to them."))
        kwargs.setdefault(
            "error_messages", {"invalid": _("The characters did not match. Try the new picture.")}
        )
        kwargs.setdefault("widget", CaptchaInput())
        super().__init__(**kwargs)
