"""Signals other apps listen to, and moderation's own receivers (connected in ModerationConfig.ready).

The signals are sent after the transaction that caused them commits:

``content_moderated(sender=<content model>, instance, old_state, new_state)``
    A decision, an appeal or enough reports changed a content item's ``moderation_state``, or a
    moderator edited its text (then ``old_state == new_state``). Chat broadcasts removals with it.
``sanction_imposed(sender=Sanction, sanction)``
    A sanction was imposed (chat closes the person's open connections when
    ``sanction.policy.closes_sockets``, and carries out the chat-session kinds).
``sanction_lifted(sender=Sanction, sanction)``
    A sanction was lifted, by a moderator or by an appeal (chat unmutes, or lets back in).
``appeal_decided(sender=Appeal, appeal)``
    An appeal was decided (chat tells an anonymous participant in the room: they get no notification).
"""

from django.dispatch import Signal

content_moderated = Signal()
sanction_imposed = Signal()
sanction_lifted = Signal()
appeal_decided = Signal()


def watch_lists_edited(sender, **kwargs) -> None:
    """Any change to a term, a list or a rule (lists name their rule) rebuilds the matcher everywhere."""
    from .services import watch_lists_changed

    if kwargs.get("raw"):  # loading a fixture: the loader says when it is done
        return
    watch_lists_changed()
