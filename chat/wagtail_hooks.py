"""Admin for coordinators: rooms (with closed-group members), scheduled sessions, recurring session
series, crisis contacts, and the volunteers' session reports and support alerts (read only)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from kuulluksi.admin_viewsets import SiteModelViewSet, SiteSnippetViewSet

from . import services
from .models import ChatSession, CrisisContact, Room, SessionReport, SessionSeries, SupportAlert


class RoomViewSet(SiteModelViewSet):
    name = "chat_rooms"
    url_prefix = "chat/rooms"
    model = Room
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
    icon = "doc-full"
    menu_label = _("Session reports")
    list_display = ["session", "volunteer", "participant_count", "needs_follow_up", "created_at"]
    list_filter = ["needs_follow_up"]
    form_fields = ["summary", "needs_follow_up"]


class SupportAlertViewSet(SiteModelViewSet):
    name = "chat_support_alerts"
    url_prefix = "chat/support-alerts"
    model = SupportAlert
    icon = "warning"
    menu_label = _("Support alerts")
    list_display = ["volunteer", "session", "note", "created_at"]
    form_fields = ["note"]


class ChatViewSetGroup(ViewSetGroup):
    menu_label = _("Chat")
    menu_icon = "comment"
    items = (RoomViewSet, ChatSessionViewSet, SessionSeriesViewSet, SessionReportViewSet, SupportAlertViewSet)


class CrisisContactViewSet(SiteSnippetViewSet):
    model = CrisisContact
    icon = "help"
    menu_label = _("Crisis contacts")
    list_display = ["name", "phone", "hours", "sort_order"]


register_snippet(CrisisContactViewSet)


@hooks.register("register_admin_viewset")
def register_chat_admin():
    return ChatViewSetGroup()
