"""Forms of the public eRaati pages. They work without JavaScript and keep what was typed on errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulluksi.captcha import SiteCaptchaField

from .consent import CURRENT_CONSENT_VERSION, consent_text
from .models import Contact, MeetingInvitation, Question


def field_name(question) -> str:
    return f"q_{question.pk}"


def other_field_name(question) -> str:
    return f"q_{question.pk}_other"


class ErrorsNextToFieldsMixin:
    """Mark every invalid input and point it at its message (``<name>-error``, rendered by the templates)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self.fields[name].widget.attrs["aria-describedby"] = f"{name}-error"


class SurveyForm(ErrorsNextToFieldsMixin, forms.Form):
    """One field per question (plus "other, what?" text fields). Answered in steps of a few questions.

    Questions of later steps are optional until their step is reached, so each step validates only
    what the person has seen; answers of other steps travel as hidden fields and are never lost.
    """

    QUESTIONS_PER_STEP = 6
    error_css_class = "has-error"

    def __init__(self, *args, questions, step=None, captcha=False, invitation_token="", **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.steps = max(1, -(-len(self.questions) // self.QUESTIONS_PER_STEP))
        self.step = min(max(step or 1, 1), self.steps)
        self.invitation_token = invitation_token
        for index, question in enumerate(self.questions):
            question.number = index + 1
            question.step = index // self.QUESTIONS_PER_STEP + 1
            field = question.type.form_field(question, label=question.text, help_text=question.help_text)
            field.required = question.required and question.step <= self.step
            self.fields[field_name(question)] = field
            if question.allow_other:
                self.fields[other_field_name(question)] = forms.CharField(
                    label=_("Other, what?"), required=False, max_length=500
                )
        if captcha and self.is_last_step:  # asked once, on the step that sends the answers
            self.fields["captcha"] = SiteCaptchaField(
                help_text=_("We ask this because many answers came from your network in a short time."),
            )

    @property
    def is_last_step(self) -> bool:
        return self.step >= self.steps

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if not question.allow_other:
                continue
            chosen = cleaned.get(field_name(question))
            chosen = chosen if isinstance(chosen, list) else [chosen] if chosen else []
            other_text = (cleaned.get(other_field_name(question)) or "").strip()
            other_chosen = str(Question.OTHER) in chosen
            if other_chosen and not other_text:
                self.add_error(other_field_name(question), _("You chose “Other”: please tell us what."))
            elif other_text and not other_chosen:
                self.add_error(
                    field_name(question), _("You wrote an other answer: please also choose “Other”.")
                )
        return cleaned

    def go_to_first_error(self) -> None:
        """Show the step holding the first error (a later step may reveal an error on an earlier one)."""
        steps = [
            question.step
            for question in self.questions
            if field_name(question) in self.errors or other_field_name(question) in self.errors
        ]
        if steps:
            self.step = min(steps)

    def step_fields(self):
        """(question, bound field, other field or None, shown) for every question, in order."""
        for question in self.questions:
            other = self[other_field_name(question)] if question.allow_other else None
            yield question, self[field_name(question)], other, question.step == self.step

    def answers(self) -> list[tuple[Question, int | None, str]]:
        """The cleaned answers as (question, value, text) rows; unanswered questions give no row."""
        rows = []
        for question in self.questions:
            raw = self.cleaned_data.get(field_name(question))
            other_text = (self.cleaned_data.get(other_field_name(question)) or "").strip()
            rows.extend(
                (question, value, text)
                for value, text in question.type.answer_rows(question, raw, other_text)
            )
        return rows


class ContactOptInForm(ErrorsNextToFieldsMixin, forms.ModelForm):
    """The separate opt-in form on the thank-you page. It carries nothing about the answers."""

    consent = forms.BooleanField(
        required=True, error_messages={"required": _("Please tick this box to give your consent.")}
    )

    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "wants_surveys", "wants_councils"]
        labels = {
            "wants_surveys": _("Invite me to deeper surveys"),
            "wants_councils": _("Invite me to face-to-face client council meetings"),
        }
        help_texts = {
            "email": _("E-mail or phone: at least one of them."),
            "phone": _("For example 040 123 4567."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text(CURRENT_CONSENT_VERSION)
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = phone.replace(" ", "").replace("-", "")
        if digits and not (digits.lstrip("+").isdigit() and 6 <= len(digits.lstrip("+")) <= 15):
            raise forms.ValidationError(_("Enter a phone number with digits only, e.g. 040 123 4567."))
        return digits

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number."))
        if not cleaned.get("wants_surveys") and not cleaned.get("wants_councils"):
            self.add_error("wants_surveys", _("Choose at least one thing to be invited to."))
        return cleaned


class RsvpForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Will you come?"),
        choices=MeetingInvitation.Reply.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose yes or no.")},
    )
