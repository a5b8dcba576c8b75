"""eRaati: anonymous surveys, unlinkable opt-in contacts, client councils and results pages.

Privacy model (docs/privacy.md, "eRaati"): a ``Response`` has a random UUID, its survey and the day;
nothing about the person. A ``Contact`` is a separate row with a random UUID, the day of consent and
nothing that points at a response — no key, no shared id, no time finer than the day.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.languages import TranslatedPage
from cms.search import BaseFormsIndexed
from kuulluksi import languages
from kuulluksi.appendonly import AppendOnlyModel

from . import question_types
from .blocks import ReportStreamBlock, WhatWeDidBlock


def new_disclosure_secret() -> str:
    return secrets.token_hex(32)


def new_record_key() -> int:
    return secrets.randbits(31)


class Survey(languages.TranslatedTexts, ClusterableModel):
    """A survey built by social-work staff in the admin (eRaati > Surveys), questions inline."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly eRaati survey (open to everyone)")
        DEEPER = "deeper", _("Deeper survey (invited people only)")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        blank=True,
        allow_unicode=False,
        help_text=_("The survey's part of its web address. Empty: made from the Finnish title."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    results_on = models.DateField(
        _("results published on"),
        null=True,
        blank=True,
        help_text=_("Results stay hidden until this day. Empty: as soon as the survey closes."),
    )
    # The secret of this survey's published rounding (eraati/disclosure.py); never shown anywhere.
    disclosure_secret = models.CharField(max_length=64, default=new_disclosure_secret, editable=False)
    captcha_required = models.BooleanField(
        _("ask everyone for a captcha"),
        default=False,
        help_text=_("Switch on only when abuse is seen. Otherwise the captcha is shown only to floods."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("title_fi"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("intro_fi")],
            heading=_("Survey"),
        ),
        *languages.translation_panels("title", "intro"),
        FieldRowPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("results_on")],
            heading=_("Schedule"),
        ),
        FieldPanel("captcha_required"),
        InlinePanel("questions", heading=_("Questions"), label=_("question"), min_num=1),
    ]
    base_form_class = languages.TranslationsOptionalForm

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        permissions = [
            ("export_answers", _("Can export anonymous answers")),
            ("preview_results", _("Can see results before they are published")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="eraati_survey_closes_after_opens",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.slug and self.title_fi:
            self.slug = slugify(self.title_fi)[:80]
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})

    def status_label(self, now=None) -> str:
        """Where the survey is in its life, for the staff's list of surveys."""
        now = now or timezone.now()
        if now < self.opens_at:
            return str(_("Not open yet"))
        if self.is_open(now):
            return str(_("Open"))
        if self.results_are_public(now):
            return str(_("Closed, results published"))
        return str(_("Closed, results not public yet"))

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @property
    def results_day(self):
        """The first day on which the results are public (the embargo ends)."""
        return self.results_on or timezone.localdate(self.closes_at)

    def results_are_public(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_closed(now) and timezone.localdate(now) >= self.results_day

    @property
    def is_deeper(self) -> bool:
        return self.kind == self.Kind.DEEPER


class Question(languages.TranslatedTexts, Orderable):
    """One question of a survey. Questions of different months that share a ``key`` form a trend."""

    # The kinds of eraati/question_types.py as constants (``Question.Kind.AGREE == "agree"``). Everything
    # about a kind is there; ``type`` gives this question's.
    Kind = models.TextChoices(
        "Kind", [(each.value.upper(), (each.value, each.label)) for each in question_types.registered()]
    )
    CANT_SAY = question_types.CANT_SAY
    OTHER = question_types.OTHER

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    # Null while the form is filled in (an empty key is made on save), so that two new questions with no
    # key are not taken for duplicates of each other.
    key = models.SlugField(
        _("key"),
        max_length=60,
        blank=True,
        null=True,
        help_text=_(
            "Give the same key to the same question in different months to see its trend. "
            "Empty: a new key is made."
        ),
    )
    kind = models.CharField(
        _("type"),
        max_length=question_types.MAX_VALUE_LENGTH,
        choices=question_types.choices,
        default=Kind.AGREE,
    )
    text = models.CharField(_("question or statement"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_(
            "One per line. Choice questions: the options. Scale 1–5: five labels, lowest first "
            "(empty: numbers only)."
        ),
    )
    allow_other = models.BooleanField(_("offer “other, what?”"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("key"), FieldPanel("required")]),
        FieldPanel("text_fi"),
        FieldPanel("help_text_fi"),
        FieldPanel("options_fi"),
        FieldPanel("allow_other"),
        *languages.translation_panels("text", "help_text", "options"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="eraati_question_key_unique_in_survey")
        ]

    def __str__(self):
        return self.text

    @property
    def options_lang_attr(self) -> str:
        """`` lang="fi"`` for the options' labels where they are shown untranslated (see ``lang_attr``)."""
        return self.lang_attr["options"] if self.options_fi else ""

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def type(self) -> question_types.QuestionType:
        """What this question's kind stores, asks and shows (eraati/question_types.py)."""
        return question_types.get(self.kind)

    def clean(self):
        # The Finnish texts are the ones checked, and their fields carry the errors (``options_fi``).
        with translation.override(languages.DEFAULT):
            errors = {
                languages.form_field_name(self, name): error for name, error in self.type.errors(self).items()
            }
            count = len(self.option_list)
        for code, _name in languages.other_languages():
            lines = [line for line in (getattr(self, f"options_{code}") or "").splitlines() if line.strip()]
            if lines and len(lines) != count:
                errors[f"options_{code}"] = _(
                    "Give the options in the same order and number as in Finnish, or leave this empty."
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = f"q-{get_random_string(8).lower()}"
        super().save(*args, **kwargs)

    def value_labels(self) -> dict[int, str]:
        """Every value an answer may store, with its label, in display order."""
        return self.type.value_labels(self)


class Response(models.Model):
    """One anonymous answer to a survey. Random id, the survey, the day. Nothing about the person.

    ``record_key`` is a secret random number used only by the disclosure control: the key of a
    published cell is the sum of the record keys of the responses in it (see eraati/disclosure.py).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("answered on"))
    record_key = models.BigIntegerField(default=new_record_key, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "submitted_on"])]

    def __str__(self):
        return str(self.id)


class SubmissionReceipt(models.Model):
    """Proof that one filled-in form was stored, so that sending it again never stores it twice.

    The answer form carries a random key; only its hash is kept here, with the day, and nothing
    points to the response (see docs/privacy.md). The daily purge deletes receipts of earlier days.
    """

    key_hash = models.CharField(max_length=64, primary_key=True)
    submitted_on = models.DateField()

    class Meta:
        verbose_name = _("submission receipt")
        verbose_name_plural = _("submission receipts")

    def __str__(self):
        return self.key_hash[:12]


class Answer(models.Model):
    """The answer to one question within a response (several rows for a multiple-choice question)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # The response's record key, copied so that results aggregate the answers table alone (no join).
    record_key = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "value"]),
            models.Index(fields=["response", "question"]),
        ]
        constraints = [
            # One row per chosen option: a response cannot vote for the same option twice. Text answers
            # have no value (NULL), and NULLs never collide.
            models.UniqueConstraint(
                fields=["response", "question", "value"], name="eraati_answer_one_row_per_option"
            )
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value if self.value is not None else self.text[:20]}"


class Contact(models.Model):
    """Opt-in contact details, stored apart from answers and not linkable to them.

    No foreign key to a response, a random UUID, no timestamp finer than the day. Deleted at once when
    the person withdraws, and by the daily purge when ``expires_on`` has passed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name (optional)"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fi")
    wants_surveys = models.BooleanField(_("deeper surveys"), default=False)
    wants_councils = models.BooleanField(_("client councils"), default=False)
    consent_version = models.PositiveSmallIntegerField(_("consent text version"))
    consented_on = models.DateField(_("consent given on"))
    expires_on = models.DateField(_("deleted on"))

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        permissions = [("view_contacts", _("Can see and invite opted-in contacts"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""), name="eraati_contact_has_address"
            ),
            models.CheckConstraint(
                condition=models.Q(wants_surveys=True) | models.Q(wants_councils=True),
                name="eraati_contact_wants_something",
            ),
        ]

    def __str__(self):
        return self.name or self.email or self.phone


class PendingContact(models.Model):
    """An opt-in waiting for the daily flush that makes it a ``Contact`` (``services.flush_pending_contacts``).

    Nothing readable: the details are sealed (AES-GCM, padded to one size) under a key derived from
    ``SECRET_KEY``, and the row has no date. Its position among the responses (row order, ``xmin``, the
    WAL) can at most tell that whoever answered just before opted in, never which contact they became.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("pending opt-in")
        verbose_name_plural = _("pending opt-ins")

    def __str__(self):
        return str(self.pk)


class ContactAccessLog(AppendOnlyModel):
    """Append-only record of every time staff saw, exported or messaged contacts, read free-text
    answers or exported raw answers (``contact_count`` then counts the answers or responses).

    Rows are only ever inserted (``AppendOnlyModel`` in Python, triggers of migration 0006 in the
    database)."""

    class Action(models.TextChoices):
        LIST = "list", _("viewed the contact list")
        EXPORT = "export", _("exported contacts")
        INVITE = "invite", _("invited contacts")
        ATTENDANCE = "attendance", _("viewed an attendance list")
        FREE_TEXT = "free_text", _("read free-text answers")
        ANSWERS = "answers", _("exported raw answers")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    contact_count = models.PositiveIntegerField(_("contacts shown"), default=0)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("contact access log entry")
        verbose_name_plural = _("contact access log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"


class SurveyInvitation(models.Model):
    """That a contact is (or is to be) invited to a deeper survey, and nothing about the token.

    The token that went to the contact exists only in the message; its hash waits among the survey's
    ``InvitationToken`` rows with no reference to anyone, so a spent token links no contact to an answer.
    ``sent_on`` is empty while the invitation waits for the sending task.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="survey_invitations")
    sent_on = models.DateField(_("sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "contact"], name="eraati_one_invitation_per_survey")
        ]

    def __str__(self):
        return f"{self.survey} → {self.contact}"


class InvitationToken(models.Model):
    """One unused invitation link to a deeper survey: the SHA-256 hash of its token, nothing else.

    All tokens of one sending are stored in one transaction, in the order of their hashes, before any
    message goes out: neither the transaction id nor the row order tells who got which. Answering deletes
    the row in the answer's transaction; that shared transaction links the answer to a hash that leads
    to nobody.
    """

    token_hash = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitation_tokens")

    class Meta:
        verbose_name = _("invitation token")
        verbose_name_plural = _("invitation tokens")

    def __str__(self):
        return str(self.survey)


class Council(models.Model):
    """A face-to-face client council, e.g. adult social work's client council."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("client council")
        verbose_name_plural = _("client councils")

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """One meeting of a council; its memo is a ``CouncilMemoPage`` pointing at it."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("council")
    )
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=15)

    panels = [
        FieldPanel("council"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("capacity")]),
        FieldPanel("place"),
        FieldPanel("agenda"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")

    def __str__(self):
        return f"{self.council} {timezone.localtime(self.starts_at):%d.%m.%Y}"

    @property
    def memo_page(self):
        """The meeting's memo as written (in Finnish); its translations stand beside it in their trees."""
        return self.memo_pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()


class MeetingInvitation(models.Model):
    """An invitation to a council meeting; the contact answers yes or no through its link.

    Identified by design: staff need to know who is coming, so the token's hash stays with the contact.
    """

    class Reply(models.TextChoices):
        YES = "yes", _("Yes, I will come")
        NO = "no", _("No, I cannot come")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="meeting_invitations")
    # Both empty while the invitation waits for the sending task (whose arguments name the meeting only).
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    reply = models.CharField(_("reply"), max_length=3, choices=Reply.choices, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "contact"], name="eraati_one_invitation_per_meeting")
        ]

    def __str__(self):
        return f"{self.meeting} → {self.contact}"


class Quote(models.Model):
    """A free-text answer picked and redacted by staff. Free text is never published otherwise."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("question")
    )
    text = models.TextField(
        _("quote"), help_text=_("Remove anything that could identify a person before publishing.")
    )
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return self.text[:60]


class CouncilMemoPage(TranslatedPage, BaseFormsIndexed, Page):
    """The published memo of one council meeting (admin: a page under the home page)."""

    # One memo per meeting in each language (``clean``): its translations and aliases share the meeting.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memo_pages",
        verbose_name=_("meeting"),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("memo"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("meeting"), FieldPanel("body")]
    search_fields = Page.search_fields + BaseFormsIndexed.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.InfoPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.meeting_id:
            others = CouncilMemoPage.objects.filter(meeting=self.meeting_id, locale=self.locale_id)
            if others.exclude(translation_key=self.translation_key).exists():
                raise ValidationError({"meeting": _("This meeting already has a memo.")})

    class Meta:
        verbose_name = _("client council memo")
        verbose_name_plural = _("client council memos")


class ResultsReportPage(TranslatedPage, BaseFormsIndexed, Page):
    """The annual results report (ePos): staff's text with live results blocks and "what we did"."""

    year = models.PositiveSmallIntegerField(_("year"))
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ReportStreamBlock(), verbose_name=_("report"), blank=True)
    what_we_did = StreamField(
        [("action", WhatWeDidBlock())], verbose_name=_("what we did with the results"), blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("year"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("what_we_did"),
    ]
    search_fields = (
        Page.search_fields
        + BaseFormsIndexed.search_fields
        + [index.SearchField("intro"), index.SearchField("body")]
    )
    parent_page_types = ["cms.HomePage", "cms.InfoPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("annual results report")
        verbose_name_plural = _("annual results reports")
