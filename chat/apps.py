from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles

# Peer moderators and coordinators volunteer in the chat; coordinators also run every session and
# support the volunteers.
VOLUNTEER_PERMISSIONS = ["chat.take_shift", "chat.enter_any_room", "chat.invite_member"]


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Chat")
    home_highlights = "chat.highlights.home_highlights"
    personal_data_exporter = "chat.privacy.export_personal_data"
    personal_data_eraser = "chat.privacy.erase_personal_data"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import m2m_changed

        from moderation.signals import appeal_decided, content_moderated, sanction_imposed, sanction_lifted

        from . import signals

        content_moderated.connect(signals.content_moderated, dispatch_uid="chat.content_moderated")
        sanction_imposed.connect(signals.sanction_imposed, dispatch_uid="chat.sanction_imposed")
        sanction_lifted.connect(signals.sanction_lifted, dispatch_uid="chat.sanction_lifted")
        appeal_decided.connect(signals.appeal_decided, dispatch_uid="chat.appeal_decided")
        m2m_changed.connect(
            signals.room_members_changed,
            sender=self.get_model("Room").members.through,
            dispatch_uid="chat.room_members_changed",
        )
        user_logged_out.connect(signals.user_logged_out, dispatch_uid="chat.user_logged_out")

    role_permissions = {
        roles.COORDINATOR: [
            *VOLUNTEER_PERMISSIONS,
            "chat.moderate_any_session",
            "chat.support_volunteers",
            "chat.add_room",
            "chat.change_room",
            "chat.delete_room",
            "chat.view_room",
            "chat.add_chatsession",
            "chat.change_chatsession",
            "chat.delete_chatsession",
            "chat.view_chatsession",
            "chat.manage_series",
            "chat.add_crisiscontact",
            "chat.change_crisiscontact",
            "chat.delete_crisiscontact",
            "chat.view_crisiscontact",
            "chat.view_sessionreport",
            "chat.view_feedback",
            "chat.view_supportalert",
        ],
        roles.PEER_MODERATOR: [*VOLUNTEER_PERMISSIONS, "chat.view_chatsession"],
    }
