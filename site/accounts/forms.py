from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from kuulluksi.captcha import SiteCaptchaField

from . import services

# django-allauth shows this while failed logins are rate-limited but ships no Finnish for it; naming it
# here keeps it in this app's catalogue, where the translations live.
RATE_LIMITED_LOGIN = gettext_noop("Too many failed login attempts. Try again later.")


class SignupForm(AllauthSignupForm):
    """Sign-up: pseudonym, e-mail, password, captcha (with an audio alternative) and the community rules."""

    captcha = SiteCaptchaField()
    accept_rules = forms.BooleanField(
        required=True,
        error_messages={"required": _("You can join only if you accept the community rules.")},
    )

    field_order = ["username", "email", "password1", "password2", "captcha", "accept_rules"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("Pseudonym")
        username.help_text = _(
            "The name others see. Do not use your real name. Letters, digits and - _ . only."
        )
        username.widget.attrs.pop("placeholder", None)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = _("Never shown to others. We send a link to confirm it.")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        self.fields["accept_rules"].label = format_html(
            '{} <a href="{}">{}</a>',
            _("I have read and accept the"),
            reverse("moderation:rules"),
            _("community rules"),
        )

    def custom_signup(self, request, user):
        services.complete_signup(user, language=_current_language())


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Pseudonym or e-mail address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        # It takes a pseudonym as well as an address: a password manager fills in the user name.
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs.pop("placeholder", None)


def _current_language() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ProfileForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of messages to me"),
        choices=settings.LANGUAGES,
        help_text=_("Notices from moderators and other messages are written in this language."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
