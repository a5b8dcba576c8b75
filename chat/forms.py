from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from kuulluksi.captcha import SiteCaptchaField

from .models import Feedback

nickname_validator = RegexValidator(
    r"^[\w][\w .-]*$", _("Use letters, digits, spaces and - _ . only."), flags=0
)


class AnonymousJoinForm(forms.Form):
    """Join without an account: a nickname for this session only, and a captcha. Nothing else is asked."""

    nickname = forms.CharField(
        label=_("Nickname for this chat"),
        min_length=2,
        max_length=40,
        validators=[nickname_validator],
        help_text=_("Shown to the others in this chat only. Do not use your real name."),
    )
    captcha = SiteCaptchaField()


class FeedbackForm(forms.Form):
    answer = forms.TypedChoiceField(
        label=_("Did the chat help you?"),
        choices=Feedback.ANSWER_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )


class SessionReportForm(forms.Form):
    summary = forms.CharField(
        label=_("How did the session go?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Topics, atmosphere, anything the coordinators should know. No participants' details."),
    )
    needs_follow_up = forms.BooleanField(label=_("A coordinator should follow this up"), required=False)


class InviteForm(forms.Form):
    username = forms.CharField(label=_("Pseudonym of the person to invite"), max_length=40)
