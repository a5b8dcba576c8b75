from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock


class HomePage(Page):
    """The site's front page: introduces the four services. One per site, at the root."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class InfoPage(Page):
    """A plain information page: privacy notice, accessibility statement, about, help."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.InfoPage"]
    subpage_types = ["cms.InfoPage"]

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
