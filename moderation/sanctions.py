"""The sanction policy: one record per ``SanctionKind`` holds everything that differs by kind.

The model's database constraint and permissions, the roles' permissions, the admin's choices, the
services (who may impose, which end date, what it blocks, which one counts when several are in force),
the chat (whose sockets close) and the notice the person gets all read this table. Adding a kind is
a ``SanctionKind`` member, its ``SanctionPolicy`` record and a migration; a kind without a record,
or a record that contradicts itself, stops the import of this module.

Imported by ``models.py``: it imports nothing of this app.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class SanctionKind(models.TextChoices):
    CHAT_MUTE = "chat_mute", _("Muted in a chat session")
    CHAT_REMOVAL = "chat_removal", _("Removed from a chat session")
    WARNING = "warning", _("Warning")
    MUTE = "mute", _("Mute (may read, may not post or chat)")
    SUSPENSION = "suspension", _("Suspension")
    BAN = "ban", _("Ban")


class Scope(enum.Enum):
    """Where a sanction holds."""

    ACCOUNT = "account"  # the person's account, everywhere on the site
    CHAT_SESSION = "chat_session"  # one participation in one chat session (anonymous ones too)


class EndRule(enum.Enum):
    """What a sanction's end date must be."""

    NONE = "none"  # no end: an end given anyway is dropped
    REQUIRED = "required"  # the moderator must choose a future end
    OPTIONAL = "optional"  # an end, or "until further notice"


@dataclass(frozen=True)
class SanctionPolicy:
    """How one kind of sanction works.

    ``scope``: an account sanction names the person's account; a chat-session one names the
    participation (``Sanction.subject``), ends with the session and is carried out by the chat, so it
    blocks nothing account-wide. ``severity``: when several sanctions are in force, the highest one is
    the one the person is told about. ``notice`` is the sentence the person gets when the sanction has no end; ``notice_until``
    when it has one (``%(end)s``); both also take ``%(number)s`` and ``%(title)s`` of the rule.
    """

    kind: SanctionKind
    codename: str
    permission_name: str
    peer_moderators_may_impose: bool
    severity: int
    blocks_posting: bool
    blocks_reporting: bool
    blocks_chat: bool
    closes_sockets: bool
    end: EndRule
    scope: Scope = Scope.ACCOUNT
    notice: Promise | None = None
    notice_until: Promise | None = None

    @property
    def permission(self) -> str:
        """The "app_label.codename" needed to impose and to lift a sanction of this kind."""
        return f"moderation.{self.codename}"

    @property
    def restricts(self) -> bool:
        """Whether it keeps the person from doing anything (a warning does not, so it is not lifted)."""
        return self.blocks_posting or self.blocks_reporting or self.blocks_chat

    @property
    def may_be_lifted(self) -> bool:
        """Whether lifting it early changes anything: it restricts, account-wide or in its chat session."""
        return self.restricts or self.scope is Scope.CHAT_SESSION

    @property
    def may_be_open_ended(self) -> bool:
        """Without an end date it lasts until further notice (rather than having no duration at all)."""
        return self.end is EndRule.OPTIONAL


POLICIES: dict[str, SanctionPolicy] = {
    policy.kind: policy
    for policy in (
        SanctionPolicy(
            kind=SanctionKind.CHAT_MUTE,
            codename="mute_in_chat",
            permission_name="Can mute a participant in a chat session",
            peer_moderators_may_impose=True,
            severity=-2,
            blocks_posting=False,
            blocks_reporting=False,
            blocks_chat=False,
            closes_sockets=False,
            end=EndRule.NONE,
            scope=Scope.CHAT_SESSION,
            notice=_(
                "A volunteer has muted you in this chat under rule %(number)s: %(title)s. "
                "You can still read the chat."
            ),
        ),
        SanctionPolicy(
            kind=SanctionKind.CHAT_REMOVAL,
            codename="remove_from_chat",
            permission_name="Can remove a participant from a chat session",
            peer_moderators_may_impose=True,
            severity=-1,
            blocks_posting=False,
            blocks_reporting=False,
            blocks_chat=False,
            closes_sockets=False,
            end=EndRule.NONE,
            scope=Scope.CHAT_SESSION,
            notice=_("A volunteer has removed you from this chat under rule %(number)s: %(title)s."),
        ),
        SanctionPolicy(
            kind=SanctionKind.WARNING,
            codename="warn_user",
            permission_name="Can warn a person",
            peer_moderators_may_impose=True,
            severity=0,
            blocks_posting=False,
            blocks_reporting=False,
            blocks_chat=False,
            closes_sockets=False,
            end=EndRule.NONE,
            notice=_("You have been warned under rule %(number)s: %(title)s."),
        ),
        SanctionPolicy(
            kind=SanctionKind.MUTE,
            codename="mute_user",
            permission_name="Can mute a person",
            peer_moderators_may_impose=True,
            severity=1,
            blocks_posting=True,
            blocks_reporting=False,
            blocks_chat=True,
            closes_sockets=True,
            end=EndRule.REQUIRED,
            notice_until=_(
                "You have been muted until %(end)s under rule %(number)s: %(title)s. "
                "You can read, but you cannot post or chat until then."
            ),
        ),
        SanctionPolicy(
            kind=SanctionKind.SUSPENSION,
            codename="suspend_user",
            permission_name="Can suspend a person",
            peer_moderators_may_impose=False,
            severity=2,
            blocks_posting=True,
            blocks_reporting=True,
            blocks_chat=True,
            closes_sockets=True,
            end=EndRule.REQUIRED,
            notice_until=_(
                "Your account is suspended until %(end)s under rule %(number)s: %(title)s. "
                "You cannot post, chat or report until then."
            ),
        ),
        SanctionPolicy(
            kind=SanctionKind.BAN,
            codename="ban_user",
            permission_name="Can ban a person",
            peer_moderators_may_impose=False,
            severity=3,
            blocks_posting=True,
            blocks_reporting=True,
            blocks_chat=True,
            closes_sockets=True,
            end=EndRule.OPTIONAL,
            notice=_(
                "You have been banned under rule %(number)s: %(title)s. You cannot post, chat or report."
            ),
            notice_until=_(
                "You have been banned until %(end)s under rule %(number)s: %(title)s. "
                "You cannot post, chat or report until then."
            ),
        ),
    )
}


def validate(policies: dict[str, SanctionPolicy]) -> None:
    """Refuse a table that leaves a kind out or contradicts itself (run below, at import)."""
    problems = [f"'{kind}' has no SanctionPolicy" for kind in SanctionKind if kind not in policies]
    problems += [f"'{kind}' is not a SanctionKind" for kind in policies if kind not in SanctionKind.values]
    severities = [policy.severity for policy in policies.values()]
    if len(set(severities)) != len(severities):
        problems.append("two kinds share a severity")
    for kind, policy in policies.items():
        if policy.kind != kind:
            problems.append(f"'{kind}' is filed under another kind's record")
        if (policy.notice is None) != (policy.end is EndRule.REQUIRED):
            problems.append(f"'{kind}' needs a notice exactly when it may have no end")
        if (policy.notice_until is None) != (policy.end is EndRule.NONE):
            problems.append(f"'{kind}' needs a notice_until exactly when it may have an end")
        if policy.scope is Scope.CHAT_SESSION and (policy.restricts or policy.closes_sockets):
            problems.append(f"'{kind}' holds in one chat session but blocks or closes account-wide")
    if problems:
        raise ImproperlyConfigured("The sanction policy table is wrong: " + "; ".join(problems) + ".")


validate(POLICIES)


def policy_for(kind: str) -> SanctionPolicy:
    """The record of ``kind``; ``ValueError`` for a kind that does not exist."""
    try:
        return POLICIES[kind]
    except KeyError:
        raise ValueError(f"Unknown sanction {kind!r}.") from None


def kinds_where(attribute: str) -> tuple[str, ...]:
    """The kinds whose policy has ``attribute`` true, e.g. ``kinds_where("blocks_posting")``."""
    return tuple(kind for kind, policy in POLICIES.items() if getattr(policy, attribute))


POSTING_BLOCKED = kinds_where("blocks_posting")
REPORTING_BLOCKED = kinds_where("blocks_reporting")
CHAT_BLOCKED = kinds_where("blocks_chat")


def model_permissions() -> list[tuple[str, str]]:
    """``Sanction.Meta.permissions``: one (codename, name) per kind."""
    return [(policy.codename, policy.permission_name) for policy in POLICIES.values()]


def end_date_constraint() -> models.CheckConstraint:
    """The database's copy of the end rule: every kind whose end is required has one."""
    without_end = [kind for kind, policy in POLICIES.items() if policy.end is not EndRule.REQUIRED]
    return models.CheckConstraint(
        condition=models.Q(kind__in=without_end) | models.Q(ends_at__isnull=False),
        name="moderation_sanction_has_end",
    )


def permissions(*, peer_moderators: bool) -> list[str]:
    """The permissions of the kinds peer moderators may impose (``True``), or of the kinds only
    coordinators may (``False``); coordinators get both lists (``apps.py``)."""
    return [
        policy.permission
        for policy in POLICIES.values()
        if policy.peer_moderators_may_impose == peer_moderators
    ]


def choices_for(user) -> list[tuple[str, str]]:
    """The account-wide (kind, label) choices ``user`` may impose, lightest first (the admin's form;
    chat-session kinds are imposed in the room)."""
    return [
        (kind, str(SanctionKind(kind).label))
        for kind, policy in sorted(POLICIES.items(), key=lambda item: item[1].severity)
        if policy.scope is Scope.ACCOUNT and user.has_perm(policy.permission)
    ]
