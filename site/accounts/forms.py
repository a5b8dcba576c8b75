from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupExtrasForm(forms.Form):
    """Fields allauth's sign-up form gets on top of pseudonym, e-mail and password."""

    captcha = CaptchaField(label=_("Type the characters in the picture"))

    def signup(self, request, user):
        """Called by allauth after the user row is created."""
