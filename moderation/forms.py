from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import active_rules


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.title}"


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


# --- Admin forms ---------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    rule = RuleChoiceField(
        label=_("Rule"),
        queryset=active_rules(),
        required=False,
        help_text=_("Required for every decision but approval. The author is told which rule."),
    )
    note = forms.CharField(
        label=_("Note to the author (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    edited_text = forms.CharField(
        label=_("Edited text (for the edit decision)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, can_edit: bool = True, **kwargs):
        from .models import DecisionAction

        super().__init__(*args, **kwargs)
        choices = DecisionAction.choices
        if not can_edit:
            choices = [c for c in choices if c[0] != DecisionAction.EDIT]
        self.fields["action"].choices = choices

    def clean(self):
        from .models import DecisionAction

        data = super().clean()
        action = data.get("action")
        if action and action != DecisionAction.APPROVE and not data.get("rule"):
            self.add_error("rule", _("Choose the rule this decision is based on."))
        if action == DecisionAction.EDIT and not (data.get("edited_text") or "").strip():
            self.add_error("edited_text", _("Write the edited text."))
        return data


class SanctionForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=40)
    kind = forms.ChoiceField(label=_("Sanction"))
    rule = RuleChoiceField(label=_("Rule"), queryset=active_rules())
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H.%M", "%d.%m.%Y"],
        help_text=_("Required for a mute and a suspension. Leave empty for an open-ended ban."),
    )
    note = forms.CharField(
        label=_("Note to the person (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)

    def clean_pseudonym(self):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username__iexact=self.cleaned_data["pseudonym"]).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has this pseudonym."))
        self.user = user
        return user.username


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("uphold", _("Keep the decision")), ("overturn", _("Overturn the decision"))],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("Answer to the author (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TryTextForm(forms.Form):
    text = forms.CharField(label=_("Text to try"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
