"""Admin for coordinators: rooms (with closed-group members), scheduled sessions, recurring session
series, crisis contacts, the volunteers' session reports and support alerts, and the participants'
feedback per session (read only)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import CreateView, EditView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from accounts.permissions import PermissionRequiredMixin
from kuulluksi.admin_viewsets import SiteModelViewSet, SiteSnippetViewSet, permission_menu_item

from . import selectors, services
from .models import ChatSession, CrisisContact, Feedback, Room, SessionReport, SessionSeries, SupportAlert


class RoomViewSet(SiteModelViewSet):
    name = "chat_rooms"
    url_prefix = "chat/rooms"
    model = Room
    count_phrase = ngettext_lazy("%(count)s chat room", "%(count)s chat rooms", "count")
    icon = "group"
    menu_label = _("Rooms")
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    form_fields = ["name", "slug", "kind", "description", "members"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("members"),
    ]


class ChatSessionViewSet(SiteModelViewSet):
    name = "chat_sessions"
    url_prefix = "chat/sessions"
    model = ChatSession
    count_phrase = ngettext_lazy("%(count)s chat session", "%(count)s chat sessions", "count")
    icon = "date"
    menu_label = _("Sessions")
    list_display = ["title", "room", "starts_at", "ends_at", "status", "host"]
    list_filter = ["room", "status"]
    ordering = ["-starts_at"]
    form_fields = ["room", "title", "starts_at", "ends_at"]


class SeriesPermissionPolicy(ModelPermissionPolicy):
    """Every action on a series (add, change, delete, view) is the one permission ``chat.manage_series``."""

    def _get_permission_codename(self, action):
        return "manage_series"


register_permission_policy(SessionSeries, SeriesPermissionPolicy(SessionSeries))


class _GeneratesSessions:
    """The series' sessions are generated as soon as it is saved, not only at the next daily run."""

    def save_instance(self):
        series = super().save_instance()
        services.generate_series_sessions(series)
        return series


class SeriesCreateView(_GeneratesSessions, CreateView):
    pass


class SeriesEditView(_GeneratesSessions, EditView):
    pass


class SessionSeriesViewSet(SiteModelViewSet):
    name = "chat_series"
    url_prefix = "chat/series"
    model = SessionSeries
    count_phrase = ngettext_lazy(
        "%(count)s recurring chat session", "%(count)s recurring chat sessions", "count"
    )
    icon = "calendar-alt"
    menu_label = _("Session series")
    list_display = ["title", "room", "rule", "starts_at", "active"]
    list_filter = ["room", "active"]
    add_view_class = SeriesCreateView
    edit_view_class = SeriesEditView


class SessionReportViewSet(SiteModelViewSet):
    name = "chat_session_reports"
    url_prefix = "chat/session-reports"
    model = SessionReport
    count_phrase = ngettext_lazy("%(count)s session report", "%(count)s session reports", "count")
    icon = "doc-full"
    menu_label = _("Session reports")
    list_display = ["session", "volunteer", "participant_count", "needs_follow_up", "created_at"]
    list_filter = ["needs_follow_up"]
    form_fields = ["summary", "needs_follow_up"]


class SupportAlertViewSet(SiteModelViewSet):
    name = "chat_support_alerts"
    url_prefix = "chat/support-alerts"
    model = SupportAlert
    count_phrase = ngettext_lazy("%(count)s support request", "%(count)s support requests", "count")
    icon = "warning"
    menu_label = _("Support alerts")
    list_display = ["volunteer", "session", "note", "created_at"]
    form_fields = ["note"]


class FeedbackView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    permission = "chat.view_feedback"
    page_title = _("Participant feedback")
    header_icon = "pick"
    template_name = "chat/admin/feedback.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sessions=selectors.feedback_by_session(),
            answer_labels=[label for _value, label in Feedback.ANSWER_CHOICES],
            **kwargs,
        )


class FeedbackViewSet(ViewSet):
    name = "chat_feedback"
    url_prefix = "chat/feedback"
    icon = "pick"
    menu_label = _("Participant feedback")
    menu_item_class = permission_menu_item("chat_feedback", "chat.view_feedback")

    def get_urlpatterns(self):
        return [path("", FeedbackView.as_view(), name="index")]


class ChatViewSetGroup(ViewSetGroup):
    menu_label = _("Chat")
    menu_icon = "comment"
    items = (
        RoomViewSet,
        ChatSessionViewSet,
        SessionSeriesViewSet,
        SessionReportViewSet,
        SupportAlertViewSet,
        FeedbackViewSet,
    )


class CrisisContactViewSet(SiteSnippetViewSet):
    model = CrisisContact
    count_phrase = ngettext_lazy("%(count)s crisis contact", "%(count)s crisis contacts", "count")
    icon = "help"
    menu_label = _("Crisis contacts")
    list_display = ["name", "phone", "hours", "sort_order"]


register_snippet(CrisisContactViewSet)


@hooks.register("register_admin_viewset")
def register_chat_admin():
    return ChatViewSetGroup()
