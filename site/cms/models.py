from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from kuulluksi.captcha import SiteCaptchaField

from .blocks import BaseStreamBlock
from .languages import TranslatedPage
from .search import BaseFormsIndexed


class HomePage(TranslatedPage, BaseFormsIndexed, Page):
    """The site's front page: introduces the four services. One per site, at the root."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = (
        Page.search_fields
        + BaseFormsIndexed.search_fields
        + [index.SearchField("intro"), index.SearchField("body")]
    )

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from .highlights import home_highlights
        from .setup import publications_url

        return {
            **super().get_context(request, *args, **kwargs),
            "publications_url": publications_url(request),
            "highlights": home_highlights(request),
        }

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class InfoPage(TranslatedPage, BaseFormsIndexed, Page):
    """A plain information page: privacy notice, accessibility statement, about, help."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = (
        Page.search_fields
        + BaseFormsIndexed.search_fields
        + [index.SearchField("intro"), index.SearchField("body")]
    )

    def listed_children(self):
        """The pages under this one that anyone may read, newest first (the publications section lists
        its reports and memos this way)."""
        return self.get_children().live().public().specific().order_by("-first_published_at", "-pk")

    parent_page_types = ["cms.HomePage", "cms.InfoPage"]
    subpage_types = ["cms.InfoPage", "cms.FeedbackFormPage"]

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")


def _optional_page(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="link")
class SiteLinks(BaseSiteSetting):
    """The pages the footer links to on every page, chosen by coordinators in Settings."""

    privacy_page = _optional_page(_("privacy notice"))
    accessibility_page = _optional_page(_("accessibility statement"))
    feedback_page = _optional_page(_("feedback form"))

    panels = [FieldPanel("privacy_page"), FieldPanel("accessibility_page"), FieldPanel("feedback_page")]
    select_related = ["privacy_page", "accessibility_page", "feedback_page"]

    class Meta:
        verbose_name = _("site links")


class FeedbackFormField(AbstractFormField):
    page = ParentalKey("FeedbackFormPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


class FeedbackFormPage(TranslatedPage, AbstractEmailForm):
    """A feedback form (e.g. the accessibility feedback channel). Anonymous senders pass a captcha.

    Submissions are kept in the admin under Forms and, when an address is given, e-mailed to staff.
    """

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    thank_you_text = RichTextField(_("thank-you text"), features=["bold", "italic", "link"], blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Form fields"), label=_("form field")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading=_("E-mail to staff"),
        ),
    ]
    parent_page_types = ["cms.HomePage", "cms.InfoPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("feedback form")
        verbose_name_plural = _("feedback forms")

    def get_form_class(self):
        form_class = super().get_form_class()
        return type("FeedbackForm", (form_class,), {"captcha": SiteCaptchaField()})

    def get_submissions_list_view_class(self):
        from .views import FeedbackSubmissionsListView

        return FeedbackSubmissionsListView

    def process_form_submission(self, form):
        form.cleaned_data.pop("captcha", None)
        return super().process_form_submission(form)
