"""The one way into the append-only audit log."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from ..models import AuditEntry, Rule


def content_type_and_id(content) -> tuple[ContentType, str]:
    """The generic reference (content type, object id as text) of a content item."""
    return ContentType.objects.get_for_model(content), str(content.pk)


def audit(
    action: str,
    /,
    *,
    actor=None,
    actor_key: str = "",
    subject_user=None,
    content=None,
    content_ref=None,
    rule: Rule | None = None,
    **detail,
) -> AuditEntry:
    """Append one audit entry. ``content`` is a content item; ``content_ref`` a queue item or decision."""
    content_type, object_id = None, ""
    if content is not None:
        content_type, object_id = content_type_and_id(content)
    elif content_ref is not None:
        content_type, object_id = content_ref.content_type, content_ref.object_id
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_key=actor_key,
        subject_user=subject_user,
        content_type=content_type,
        object_id=object_id,
        rule=rule,
        detail=detail,
    )
