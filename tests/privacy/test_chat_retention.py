"""After chat retention, no copy of a purged message's words is left anywhere in the database.

A participant writes a phone number and a street address; another reports it, quoting the address; the
volunteer removes it with a note. After the session's retention period the purge runs, and the attacker
reads every row of every table (the audit log included) looking for the words.
"""

import pytest
from django.apps import apps
from django.core import serializers
from django.utils import timezone

from chat import services
from chat.conftest import _fresh_channel_layer, make_session, open_chat, rule, volunteer  # noqa: F401 (fixtures)
from chat.models import ChatSession, Message
from kuulluksi import dates
from moderation.models import AuditAction, AuditEntry, Decision, QueueItem, Report

pytestmark = pytest.mark.django_db

PHONE = "040 123 4567"
STREET = "Mannerheimintie 5 B"


def _every_row_as_text() -> str:
    """What a database administrator can read: every row of every table, as text."""
    return "\n".join(
        serializers.serialize("json", model._base_manager.all())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    )


def test_retention_leaves_no_copy_of_a_reported_and_removed_message(open_chat, volunteer, rule, settings):  # noqa: F811
    settings.CHAT_RETENTION_DAYS = 30
    session = open_chat()
    writer = services.join_session(session, nickname="Sininen")
    reader = services.join_session(session, nickname="Vihreä")
    message, _notice = services.post_message(writer, f"Soita {PHONE}, asun osoitteessa {STREET}")
    services.report_message(reader, message.pk, rule=rule.pk, note=f"Kertoi osoitteensa {STREET}")
    services.remove_message(session, message.pk, by=volunteer, rule=rule.pk)
    assert PHONE in _every_row_as_text()  # the copies the purge has to find

    services.close_session(session, by=volunteer)
    ChatSession.objects.filter(pk=session.pk).update(closed_at=dates.local_shift(timezone.now(), days=-31))
    assert services.purge_expired_messages() == 1

    everything = _every_row_as_text()
    assert PHONE not in everything
    assert STREET not in everything
    assert not Message.objects.filter(session=session).exists()
    # The record of what was decided stays: the queue item, the report, the decision and their audit lines.
    assert QueueItem.objects.get().excerpt == Report.objects.get().note == "[…]"
    assert Decision.objects.get().original_text == "[…]"
    assert {AuditAction.REPORT, AuditAction.DECISION} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_a_session_still_within_retention_keeps_its_moderation_copies(open_chat, volunteer, rule, settings):  # noqa: F811
    settings.CHAT_RETENTION_DAYS = 30
    session = open_chat()
    writer = services.join_session(session, nickname="Sininen")
    reader = services.join_session(session, nickname="Vihreä")
    message, _notice = services.post_message(writer, f"Soita {PHONE}")
    services.report_message(reader, message.pk, rule=rule.pk, note="Puhelinnumero")
    services.close_session(session, by=volunteer)
    ChatSession.objects.filter(pk=session.pk).update(closed_at=dates.local_shift(timezone.now(), days=-29))
    assert services.purge_expired_messages() == 0
    assert QueueItem.objects.get().excerpt == f"Soita {PHONE}"
    assert Report.objects.get().note == "Puhelinnumero"
