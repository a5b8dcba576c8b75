"""Community rules: which rules are in force and which version of the rule set is current (read only;
publishing a new version is ``services.publish_rules_version``)."""

from django.db.models import Max

from .models import Rule, RulesVersion


def active_rules():
    """The rules in force, in number order (the public rules page and every rule picker)."""
    return Rule.objects.filter(is_active=True).order_by("number")


def current_rules_version() -> int:
    """The number of the rule set in force (0 before any version is published)."""
    return RulesVersion.objects.aggregate(number=Max("number"))["number"] or 0
