"""Receivers of the moderation service's signals (connected in ChatConfig.ready)."""

from . import services
from .models import Message


def content_moderated(sender, instance, old_state, new_state, **kwargs):
    """A decision in the room or in the shared queue changed a chat message: tell the room."""
    if sender is not Message:
        return
    message = Message.objects.select_related("session", "participant").get(pk=instance.pk)
    services.message_state_changed(message, old_state=old_state)


def sanction_imposed(sender, sanction, **kwargs):
    """A mute, suspension or ban closes the person's chat connections at once."""
    if sanction.kind != "warning":
        services.close_sanctioned_sockets(sanction)
