"""Admin for coordinators: rooms (with closed-group members), scheduled sessions, crisis contacts,
and the volunteers' session reports and support alerts (read only)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet

from kuulluksi.admin_viewsets import SiteModelViewSet, SiteSnippetViewSet

from .models import ChatSession, CrisisContact, Room, SessionReport, SupportAlert


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
    items = (RoomViewSet, ChatSessionViewSet, SessionReportViewSet, SupportAlertViewSet)


class CrisisContactViewSet(SiteSnippetViewSet):
    model = CrisisContact
    icon = "help"
    menu_label = _("Crisis contacts")
    list_display = ["name", "phone", "hours", "sort_order"]


register_snippet(CrisisContactViewSet)


@hooks.register("register_admin_viewset")
def register_chat_admin():
    return ChatViewSetGroup()
