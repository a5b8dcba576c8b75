"""What moderation tells people, in their own language: verdicts, decisions, sanctions and appeals.

The sentences of the sanctions themselves are in the policy table (``moderation.sanctions``); the
services call these functions inside their transaction, and ``notify`` sends after commit.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.notifications import notify

from .models import Appeal, Decision, DecisionAction, Rule, Sanction
from .sanctions import Scope


def _rule_params(rule: Rule | None) -> dict:
    return {"number": rule.number if rule else "", "title": rule.title if rule else ""}


def _moderator_note(note: str) -> str:
    return "\n\n" + gettext("The moderator's note: %(note)s") % {"note": note} if note else ""


def blocked(rule: Rule) -> str:
    return gettext(
        "Your message was not published because it breaks rule %(number)s: %(title)s. "
        "You can edit it and send it again."
    ) % _rule_params(rule)


def held_by_screening(rule: Rule) -> str:
    return gettext(
        "Your message waits for a moderator because it may break rule %(number)s: %(title)s. "
        "Only you and the moderators can see it until then."
    ) % _rule_params(rule)


def held_as_new_member() -> str:
    return gettext(
        "Welcome! A moderator reads the first messages of a new member before they are "
        "shown. Only you and the moderators can see this one until then."
    )


def sanction_message(sanction: Sanction) -> str:
    """A plain sentence in the active language: which sanction, under which rule, until when."""
    policy = sanction.policy
    params = _rule_params(sanction.rule)
    if sanction.ends_at is None:
        return str(policy.notice) % params
    end = date_format(timezone.localtime(sanction.ends_at), "SHORT_DATETIME_FORMAT")
    return str(policy.notice_until) % {**params, "end": end}


def tell_decision(author, decision: Decision, content) -> None:
    """The author learns what a moderator did with their message, under which rule, and how to appeal."""
    with translation.override(author.language):
        if decision.action == DecisionAction.APPROVE:
            title = gettext("Your message is now visible")
            body = gettext("A moderator read your message and published it. Thank you for taking part.")
            url = content.get_absolute_url()
            action = ""
        else:
            titles: dict[str, str] = {
                DecisionAction.HIDE: gettext("Your message was hidden"),
                DecisionAction.EDIT: gettext("A moderator edited your message"),
                DecisionAction.REMOVE: gettext("Your message was removed"),
            }
            title = titles[decision.action]
            bodies: dict[str, str] = {
                DecisionAction.HIDE: gettext(
                    "A moderator hid your message because it breaks rule %(number)s: %(title)s. "
                    "Others see a note in its place that names the rule."
                ),
                DecisionAction.EDIT: gettext(
                    "A moderator edited your message because it broke rule %(number)s: %(title)s. "
                    "The rest of your message is shown as you wrote it."
                ),
                DecisionAction.REMOVE: gettext(
                    "A moderator removed your message because it breaks rule %(number)s: %(title)s."
                ),
            }
            body = bodies[decision.action] % _rule_params(decision.rule)
            body += _moderator_note(decision.note)
            body += "\n\n" + gettext(
                "If you think the decision is wrong, you can appeal it once. Another moderator "
                "will look at it and tell you the result."
            )
            url = reverse("moderation:appeal", args=[decision.pk])
            action = gettext("Appeal the decision")
        notify(author, title=title, body=body, url=url, action=action, email=True)


def tell_sanction(sanction: Sanction) -> None:
    """The person learns the sanction, its rule and end, the moderator's note and where the rules are
    (an anonymous chat participant has no account: the chat tells them in the room)."""
    person = sanction.user
    if person is None:
        return
    with translation.override(person.language):
        rules_url = reverse("moderation:rules")
        body = sanction_message(sanction) + _moderator_note(sanction.note)
        body += "\n\n" + gettext("The community rules: %(url)s") % {"url": rules_url}
        body += "\n\n" + gettext("If you think this is wrong, you can appeal once: %(url)s") % {
            "url": appeal_url(sanction)
        }
        notify(
            person,
            title=str(sanction.get_kind_display()),
            body=body,
            url=appeal_url(sanction),
            action=gettext("Appeal the decision"),
            email=sanction.policy.scope is Scope.ACCOUNT,
        )


def tell_sanction_lifted(sanction: Sanction) -> None:
    person = sanction.user
    if person is None:
        return
    with translation.override(person.language):
        notify(
            person,
            title=gettext("Your sanction has been lifted"),
            body=gettext("You can take part again. Thank you for keeping to the community rules."),
        )


def appeal_url(appealed: Decision | Sanction) -> str:
    """The page where the person concerned appeals ``appealed``, and later reads the outcome."""
    if isinstance(appealed, Decision):
        return reverse("moderation:appeal", args=[appealed.pk])
    return reverse("moderation:appeal_sanction", args=[appealed.pk])


def appeal_outcome(appeal: Appeal) -> tuple[str, str]:
    """The title and sentence that tell, in the active language, how an appeal was decided."""
    if appeal.status == Appeal.Status.OVERTURNED:
        return (
            gettext("Your appeal was accepted"),
            gettext("Another moderator looked at your appeal and changed the decision."),
        )
    return (
        gettext("Your appeal was not accepted"),
        gettext(
            "Another moderator looked at your appeal and kept the decision under rule %(number)s: %(title)s."
        )
        % _rule_params(appeal.appealed_rule),
    )


def tell_appeal_decided(appeal: Appeal) -> None:
    """The appellant learns whether the appeal changed the decision, with the coordinator's answer (an
    anonymous chat participant in the room, from the chat)."""
    person = appeal.author
    if person is None:
        return
    with translation.override(person.language):
        title, body = appeal_outcome(appeal)
        body += _moderator_note(appeal.response)
        notify(person, title=title, body=body, url=appeal_url(appeal.appealed), email=True)
