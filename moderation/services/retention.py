"""Forgetting the text of content that its app no longer keeps.

Moderation copies what it is asked to judge: the queue item's excerpt, the decision's text before the
decision, and the reader's note in a report (which often quotes the message). When an app deletes
content after its retention period (the chat does, ``chat.services.purge_expired_messages``), those
copies must go with it. They are replaced by ``REDACTED`` so that the queue, the decisions and the
reports stay as the record of what was decided, under which rule and by whom, without the words.

The append-only audit log never holds such text in the first place: its lines about reports and
decisions say whether there was a note, not what it said.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..models import Decision, QueueItem, Report

REDACTED = "[…]"


def forget_content_text(model: type[models.Model], object_ids: Iterable[object]) -> int:
    """Replace moderation's copies of the text of ``model`` rows ``object_ids`` with ``REDACTED``.

    Call it in the transaction that deletes the content. Returns the number of rows changed.
    """
    ids = [str(object_id) for object_id in object_ids]
    if not ids:
        return 0
    about = {"content_type": ContentType.objects.get_for_model(model), "object_id__in": ids}
    changed = QueueItem.objects.filter(**about).exclude(excerpt="").update(excerpt=REDACTED)
    changed += Report.objects.filter(**about).exclude(note="").update(note=REDACTED)
    decisions = Decision.objects.filter(**about)
    changed += decisions.exclude(original_text="").update(original_text=REDACTED)
    changed += decisions.exclude(note="").update(note=REDACTED)
    return changed
