"""Community rules: which rules are in force and which version of the rule set is current."""

from django.db import transaction
from django.db.models import Max

from .models import AuditAction, AuditEntry, Rule, RulesVersion


def active_rules():
    """The rules in force, in number order (the public rules page and every rule picker)."""
    return Rule.objects.filter(is_active=True).order_by("number")


def current_rules_version() -> int:
    """The number of the rule set in force (0 before any version is published)."""
    return RulesVersion.objects.aggregate(number=Max("number"))["number"] or 0


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
    AuditEntry.objects.create(
        action=AuditAction.RULES_PUBLISHED, actor=by, detail={"version": number, "note": note}
    )
    return version
