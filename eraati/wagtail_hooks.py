"""The eRaati menu of the Wagtail admin: surveys, councils, meetings, quotes and contacts."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.widgets import Button

from kuulluksi.admin_viewsets import SiteModelViewSet, SiteSnippetViewSet

from . import admin_views
from .models import Council, Meeting, Quote, Survey


class ResultsLinkColumn(Column):
    """A link to the survey's results in the listing itself, not only in the row's menu."""

    cell_template_name = "eraati/admin/results_link_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse("eraati:results", args=[instance.slug])
        return context


class SurveyViewSet(SiteSnippetViewSet):
    model = Survey
    count_phrase = ngettext_lazy("%(count)s survey", "%(count)s surveys", "count")
    icon = "form"
    menu_label = _("Surveys")
    list_display = [
        "title",
        "kind",
        "opens_at",
        "closes_at",
        Column("status", label=_("Status"), accessor=lambda survey: survey.status_label()),
        Column("answer_count", label=_("Answers")),
        ResultsLinkColumn("results", label=_("Results")),
    ]
    list_filter = ["kind"]
    search_fields = ["title"]
    ordering = ["-opens_at"]

    def get_queryset(self, request):
        return Survey.objects.annotate(answer_count=Count("responses"))


class CouncilViewSet(SiteModelViewSet):
    model = Council
    count_phrase = ngettext_lazy("%(count)s client council", "%(count)s client councils", "count")
    icon = "group"
    name = "eraati_council"
    menu_label = _("Client councils")
    form_fields = ["name", "description"]
    list_display = ["name"]


class MeetingViewSet(SiteModelViewSet):
    model = Meeting
    count_phrase = ngettext_lazy("%(count)s council meeting", "%(count)s council meetings", "count")
    icon = "date"
    name = "eraati_meeting"
    menu_label = _("Council meetings")
    form_fields = ["council", "starts_at", "place", "agenda", "capacity"]
    list_display = ["__str__", "place", "capacity"]
    list_filter = ["council"]


class QuoteViewSet(SiteModelViewSet):
    model = Quote
    count_phrase = ngettext_lazy("%(count)s quote", "%(count)s quotes", "count")
    icon = "openquote"
    name = "eraati_quote"
    menu_label = _("Quotes")
    form_fields = ["question", "text", "published"]
    list_display = ["__str__", "question", "published"]
    list_filter = ["published"]


class ContactsViewSet(ViewSet):
    """Opt-in contacts and everything done with them; only for those allowed to see contacts."""

    name = "eraati_contacts"
    icon = "group"
    menu_label = _("Contacts")

    @property
    def menu_item_class(self):
        class ContactsMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm(admin_views.CONTACTS_PERMISSION)

        return ContactsMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.contacts, name="index"),
            path("export/", admin_views.contacts_export, name="export"),
            path("log/", admin_views.access_log, name="log"),
            path("survey/<int:survey_id>/invite/", admin_views.invite_to_survey, name="invite_survey"),
            path("survey/<int:survey_id>/free-text/", admin_views.free_text, name="free_text"),
            path("surveys/<int:survey_id>/quote/", admin_views.pick_quote, name="pick_quote"),
            path("meeting/<int:meeting_id>/invite/", admin_views.invite_to_meeting, name="invite_meeting"),
            path("meeting/<int:meeting_id>/attendance/", admin_views.attendance, name="attendance"),
        ]


class EraatiGroup(ViewSetGroup):
    menu_label = _("eRaati")
    menu_icon = "form"
    menu_order = 300
    items = (SurveyViewSet, CouncilViewSet, MeetingViewSet, QuoteViewSet, ContactsViewSet)


@hooks.register("register_admin_viewset")
def register_eraati_viewsets():
    return EraatiGroup()


@hooks.register("register_snippet_listing_buttons")
def survey_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Survey):
        return []
    buttons = [
        Button(
            _("Results"), url=reverse("eraati:results", args=[snippet.slug]), icon_name="table", priority=50
        )
    ]
    if user.has_perm("eraati.add_quote"):
        buttons.append(
            Button(
                _("Free-text answers"),
                url=reverse("eraati_contacts:free_text", args=[snippet.pk]),
                icon_name="openquote",
                priority=60,
            )
        )
    return buttons
