"""Forms only carry what was typed; the services validate it, so the rules live in one place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import conf


class _BodyMixin(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text. Light formatting: *italics*, **bold**, lists starting with -, "
            "> at the start of a line for a quote, links as [text](https://…)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = _("At most %(limit)d characters.") % {"limit": conf.body_max_length()}
        self.fields["body"].help_text = f"{self.fields['body'].help_text} {limit}"


class TopicForm(_BodyMixin):
    title = forms.CharField(label=_("Title"), required=False, strip=False)
    field_order = ["title", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _("At most %(limit)d characters.") % {
            "limit": conf.title_max_length()
        }


class ReplyForm(_BodyMixin):
    pass


class FollowForm(forms.Form):
    email_digest = forms.BooleanField(label=_("Also send me a daily e-mail digest"), required=False)
