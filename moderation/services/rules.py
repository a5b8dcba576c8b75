"""The rule set and the watch lists: publishing a version of the rules, and logging watch-list edits."""

from __future__ import annotations

from django.db import transaction

from ..models import AuditAction, RulesVersion, WatchedTerm, WatchList
from ..rules import active_rules, current_rules_version
from .audit import audit


@transaction.atomic
def publish_rules_version(*, by=None, note: str = "") -> RulesVersion:
    """Snapshot the rules in force as a new version. People accept the rules again on their next visit."""
    number = current_rules_version() + 1
    version = RulesVersion.objects.create(
        number=number,
        published_by=by,
        note=note,
        rules=[rule.snapshot() for rule in active_rules()],
    )
    audit(AuditAction.RULES_PUBLISHED, actor=by, version=number, note=note)
    return version


def record_watch_list_edit(instance: WatchList | WatchedTerm, *, by, operation: str) -> None:
    """A list or a term was created, edited or deleted in the admin's snippet views."""
    audit(
        AuditAction.WATCHLIST_CHANGED,
        actor=by,
        operation=operation,
        model=instance._meta.model_name,
        name=str(instance),
    )
