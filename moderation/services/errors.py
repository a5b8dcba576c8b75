"""The errors moderation raises, and the checks shared by every service that raise them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Rule, Sanction
from ..notices import sanction_message


class ModerationError(Exception):
    """A request the rules do not allow; ``str(error)`` is a translated, plain-language message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class PostingNotAllowed(ModerationError):
    """The author is muted, suspended or banned. ``sanction`` says which, why and until when."""

    def __init__(self, sanction: Sanction):
        super().__init__(sanction_message(sanction))
        self.sanction = sanction


class SubmissionBlocked(ModerationError):
    """A watched term blocks the text: nothing is saved. ``verdict`` names the rule."""

    def __init__(self, verdict):
        super().__init__(verdict.message)
        self.verdict = verdict


class AlreadyReported(ModerationError):
    def __init__(self):
        super().__init__(_("You have already reported this. A moderator will look at it."))


class AlreadyAppealed(ModerationError):
    def __init__(self):
        super().__init__(_("This decision has already been appealed. A decision can be appealed once."))


class UnknownRule(ModerationError):
    """A rule id (from a form or a chat message) that names no rule."""

    def __init__(self):
        super().__init__(_("No such rule."))


def rule_from(rule: Rule | int | str) -> Rule:
    """``rule`` itself, or the rule with that id; ``UnknownRule`` when there is none."""
    if isinstance(rule, Rule):
        return rule
    try:
        return Rule.objects.get(pk=rule)
    except Rule.DoesNotExist:
        raise UnknownRule() from None
