"""Pluggable message senders, one per channel (``ERAATI_SENDERS``).

E-mail is built in. An SMS gateway is added later as a class with the same ``send`` method, mapped to
the ``"phone"`` channel; contacts that only gave a phone number are skipped until then.
"""

from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from . import conf


class EmailSender:
    channel = "email"

    def send(self, contact, *, subject: str, body: str, withdraw_url: str) -> None:
        EmailMessage(
            subject,
            body,
            to=[contact.email],
            # Mail programs show their own "unsubscribe" button for this (RFC 2369 / RFC 8058).
            headers={
                "List-Unsubscribe": f"<{withdraw_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ).send()


def sender_for(contact):
    """The sender that can reach ``contact``, or None when no configured channel can."""
    configured = conf.senders()
    for channel, address in (("email", contact.email), ("phone", contact.phone)):
        if address and channel in configured:
            return import_string(configured[channel])()
    return None
