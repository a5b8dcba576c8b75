from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import active_rules


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.localized_title}"


class ReportForm(forms.Form):
    rule = RuleChoiceField(
        label=_("Which rule does it break?"),
        queryset=active_rules(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the rule the message breaks.")},
    )
    note = forms.CharField(
        label=_("Anything a moderator should know? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rule 1 protects criticism; reporting a message "for criticism" is not a thing.
        self.fields["rule"].queryset = active_rules().exclude(number=1)


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should the decision change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tell us why the decision should change.")},
    )
