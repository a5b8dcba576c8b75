"""K-talks: discussion events where experts by experience speak and decision-makers listen.

Page tree: HomePage > KTalkIndexPage > KTalkPage. Host bodies, themes and decision-makers are
snippets. Commitments live outside the page revisions (edited in their own admin view), so that a
coordinator can keep their status current without sending the approved notes through the workflow
again.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.languages import TranslatedPage
from cms.search import BaseFormsIndexed
from kuulluksi import languages

from .blocks import NotesStreamBlock


class HostBody(languages.TranslatedTexts, index.Indexed, models.Model):
    """The parliamentary group or other official body that hosts a K-talk (a snippet)."""

    class Kind(models.TextChoices):
        PARLIAMENTARY_GROUP = "parliamentary_group", _("Parliamentary group")
        PARLIAMENTARY_COMMITTEE = "parliamentary_committee", _("Parliamentary committee")
        COUNCIL_GROUP = "council_group", _("Municipal council group")
        PUBLIC_AUTHORITY = "public_authority", _("Ministry or other public authority")
        OTHER = "other", _("Other official body")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name_fi"),
        FieldPanel("kind"),
        FieldPanel("website"),
        *languages.translation_panels("name"),
    ]
    base_form_class = languages.TranslationsOptionalForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("host body")
        verbose_name_plural = _("host bodies")

    def __str__(self):
        return self.name


class Theme(languages.TranslatedTexts, models.Model):
    """The theme of a K-talk, such as housing or basic social assistance (a snippet)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    panels = [FieldPanel("name_fi"), *languages.translation_panels("name")]
    base_form_class = languages.TranslationsOptionalForm

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class DecisionMaker(languages.TranslatedTexts, index.Indexed, models.Model):
    """A decision-maker who attends K-talks: a member of parliament, a councillor, an official."""

    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("For example: Member of Parliament.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("title_fi"),
        FieldPanel("organisation_fi"),
        *languages.translation_panels("title", "organisation"),
    ]
    base_form_class = languages.TranslationsOptionalForm
    # The admin list finds people by either (it searches as you type: the autocomplete fields).
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.AutocompleteField("organisation"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("decision-maker")
        verbose_name_plural = _("decision-makers")

    def __str__(self):
        return ", ".join(part for part in (self.name, self.title) if part)


class KTalkIndexPage(TranslatedPage, BaseFormsIndexed, RoutablePageMixin, Page):
    """Lists upcoming and past K-talks; also serves the open commitments and the notes feed.

    In the admin it sits directly under the home page. Its routes: the list itself, ``commitments/``
    (the follow-up of what decision-makers promised) and ``feed/`` (Atom feed of new notes).
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + BaseFormsIndexed.search_fields + [index.SearchField("intro")]

    template = "ktalks/ktalk_index_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["ktalks.KTalkPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("K-talk index")
        verbose_name_plural = _("K-talk indexes")

    @path("")
    def list_view(self, request):
        from . import views

        return views.ktalk_index(request, self)

    @path("commitments/", name="commitments")
    def commitments_view(self, request):
        from . import views

        return views.commitments(request, self)

    @path("feed/", name="feed")
    def feed_view(self, request):
        from .feeds import NotesFeed

        return NotesFeed()(request, index_page=self)


class KTalkPageForm(WagtailAdminPageForm):
    """Checks that every quoted voice of experience is a voice listed on the page with consent."""

    def clean(self):
        cleaned_data = super().clean()
        voices = self.formsets.get("voices")
        if voices is None or not hasattr(voices, "cleaned_data"):
            return cleaned_data
        consented = {
            form.cleaned_data["pseudonym"].strip().casefold()
            for form in voices.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("consent_given")
            and form.cleaned_data.get("pseudonym")
        }
        notes = cleaned_data.get("notes")
        unknown = sorted(
            {
                block.value["speaker"]
                for block in (notes or [])
                if block.block_type == "voice_quote"
                and block.value["speaker"].strip().casefold() not in consented
            }
        )
        if unknown:
            self.add_error(
                "notes",
                _(
                    "These speakers are not voices of experience with recorded consent on this page: "
                    "%(names)s. Add them under 'Voices of experience' with their consent first."
                )
                % {"names": ", ".join(unknown)},
            )
        return cleaned_data


class KTalkPage(TranslatedPage, BaseFormsIndexed, RoutablePageMixin, Page):
    """One K-talk: when and where, who hosted it, whose voices were heard, and the notes.

    Notes are written by a coordinator and published through the "K-talk notes approval" workflow.
    The commitments of decision-makers are edited apart from the page (admin menu "Commitments").
    """

    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=250, blank=True, help_text=_("Street address and room, if any.")
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Link to join or watch online, if the event is online.")
    )
    host_body = models.ForeignKey(
        HostBody,
        verbose_name=_("host body"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="ktalks",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ktalks",
    )
    summary = models.TextField(
        _("summary"), max_length=600, blank=True, help_text=_("Shown in lists, the feed and search results.")
    )
    notes = StreamField(NotesStreamBlock(), verbose_name=_("notes"), blank=True)
    decision_makers = ParentalManyToManyField(
        DecisionMaker, verbose_name=_("decision-makers who attended"), blank=True, related_name="ktalks"
    )

    template = "ktalks/ktalk_page.html"
    base_form_class = KTalkPageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("place"),
                FieldPanel("online_url"),
                FieldPanel("host_body"),
                FieldPanel("theme"),
            ],
            heading=_("Event"),
        ),
        FieldPanel("summary"),
        InlinePanel("voices", heading=_("Voices of experience"), label=_("voice of experience")),
        FieldPanel("notes"),
        FieldPanel("decision_makers"),
    ]
    search_fields = (
        Page.search_fields
        + BaseFormsIndexed.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("notes"),
            index.SearchField("place"),
            index.RelatedFields("host_body", [index.SearchField("name")]),
            index.RelatedFields("theme", [index.SearchField("name")]),
            index.FilterField("starts_at"),
        ]
    )

    parent_page_types = ["ktalks.KTalkIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("K-talk")
        verbose_name_plural = _("K-talks")

    def clean(self):
        super().clean()
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if not self.place and not self.online_url:
            errors["place"] = _("Give a place, an online link, or both.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_upcoming(self) -> bool:
        return (self.ends_at or self.starts_at) >= timezone.now()

    @path("")
    def detail_view(self, request):
        from . import views

        return views.ktalk_detail(request, self)

    @path("ical/", name="calendar")
    def calendar_view(self, request):
        from . import views

        return views.ktalk_calendar(request, self)


class VoiceOfExperience(Orderable):
    """A person with lived experience who spoke at a K-talk, under a pseudonym if they wish.

    A voice can only be saved with consent to publish recorded: the editor refuses it otherwise.
    """

    ktalk = ParentalKey(KTalkPage, on_delete=models.CASCADE, related_name="voices")
    pseudonym = models.CharField(
        _("name or pseudonym"),
        max_length=80,
        help_text=_("The name shown in the notes. A pseudonym is fine."),
    )
    consent_given = models.BooleanField(
        _("consent to publish given"),
        default=False,
        help_text=_("Tick only when the person has agreed that what they said may be published."),
    )
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_note = models.CharField(
        _("how consent was recorded"),
        max_length=250,
        blank=True,
        help_text=_("For example: signed form kept by the coordinator. Not shown publicly."),
    )

    panels = [
        FieldPanel("pseudonym"),
        FieldRowPanel([FieldPanel("consent_given"), FieldPanel("consent_date")]),
        FieldPanel("consent_note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("voice of experience")
        verbose_name_plural = _("voices of experience")

    def __str__(self):
        return self.pseudonym

    def clean(self):
        super().clean()
        errors = {}
        if not self.consent_given:
            errors["consent_given"] = _(
                "A voice of experience can only be published with their consent. Record the consent first."
            )
        if not self.consent_date:
            errors["consent_date"] = _("Give the date when consent to publish was given.")
        elif self.consent_date > timezone.localdate():
            errors["consent_date"] = _("The consent date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class CommitmentStatus(models.TextChoices):
    PROMISED = "promised", _("Promised")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


OPEN_STATUSES = (CommitmentStatus.PROMISED, CommitmentStatus.IN_PROGRESS)


class Commitment(languages.TranslatedTexts, ClusterableModel):
    """What an attending decision-maker said they would do, with its follow-up.

    ``status`` is the status of the latest dated update ("promised" until the first update); it is
    kept in the row so that the site-wide list can filter on it in the database.
    """

    ktalk = models.ForeignKey(
        KTalkPage, verbose_name=_("K-talk"), on_delete=models.CASCADE, related_name="commitments"
    )
    decision_maker = models.ForeignKey(
        DecisionMaker, verbose_name=_("decision-maker"), on_delete=models.PROTECT, related_name="commitments"
    )
    promise = models.TextField(_("what they said they would do"), max_length=1000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PROMISED,
        editable=False,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("ktalk"),
        FieldPanel("decision_maker"),
        FieldPanel("promise_fi"),
        *languages.translation_panels("promise"),
        InlinePanel(
            "updates",
            heading=_("Follow-up"),
            label=_("update"),
            help_text=_("The latest update sets the status shown on the site."),
        ),
    ]
    base_form_class = languages.TranslationsOptionalForm

    class Meta:
        ordering = ["-ktalk__starts_at", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.promise[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CommitmentUpdate(languages.TranslatedTexts, models.Model):
    """A dated follow-up of a commitment: its status on that day and what happened."""

    commitment = ParentalKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)
    note = models.TextField(_("what happened"), max_length=2000)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("status")]),
        FieldPanel("note_fi"),
        *languages.translation_panels("note"),
    ]

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")

    def __str__(self):
        return f"{self.date}: {self.get_status_display()}"
