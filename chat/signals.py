"""Receivers of the moderation service's signals (connected in ChatConfig.ready)."""

from functools import partial

from django.db import transaction

from . import services
from .models import Message


def content_moderated(sender, instance, old_state, new_state, **kwargs):
    """A decision in the room or in the shared queue changed a chat message: tell the room."""
    if sender is not Message:
        return
    message = Message.objects.select_related("session", "participant").get(pk=instance.pk)
    services.message_state_changed(message, old_state=old_state)


def room_members_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Closed-group members removed in the admin (or by account deletion) lose their open sockets."""
    if action == "pre_clear":
        related = instance.chat_groups if reverse else instance.members
        pk_set = set(related.values_list("pk", flat=True))
    elif action != "post_remove":
        return
    rooms, users = (pk_set, [instance.pk]) if reverse else ([instance.pk], pk_set)
    # After commit: on "clear" the memberships are still there now.
    transaction.on_commit(partial(services.close_sockets_of_former_members, room_ids=rooms, user_ids=users))


def sanction_imposed(sender, sanction, **kwargs):
    """A mute, suspension or ban (a kind whose policy says so) closes the person's chat connections."""
    if sanction.policy.closes_sockets:
        services.close_sanctioned_sockets(sanction)


def sanction_lifted(sender, sanction, **kwargs):
    """A chat-session mute or removal lifted (by a volunteer, in the admin or by an appeal)."""
    services.sanction_lifted(sanction)


def appeal_decided(sender, appeal, **kwargs):
    """An anonymous participant gets no notification: their open sockets tell the outcome."""
    if appeal.sanction_id and appeal.author_id is None:
        services.tell_appeal_decided(appeal)


def user_logged_out(sender, request, user, **kwargs):
    """Logging out closes the account's open chat sockets."""
    if user is not None:
        services.close_sockets_of_signed_out(user)
