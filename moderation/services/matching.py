"""Screening: the watch lists compiled into one matcher, kept fresh in every process."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import MatcherVersion, ScreeningAction, WatchedTerm
from ..screening import Matcher, TermMatch, TermSpec

ALLOW, REVIEW, BLOCK = "allow", "review", "block"
_MATCHER_CACHE_KEY = "moderation:matcher-token"


@dataclass(frozen=True)
class ScreeningResult:
    """What ``screen`` found. ``action``: allow, review or block; ``matches``: the terms and their lists."""

    action: str
    matches: tuple[TermMatch, ...] = ()
    evasion: bool = False

    @property
    def hold_before_publishing(self) -> bool:
        """A hold-list term, a flag-list term in disguise or a block-list term in reported speech (a
        person telling what was said to them): a moderator reads it before anyone else."""
        return any(
            m.list_action == ScreeningAction.HOLD
            or (m.list_action == ScreeningAction.FLAG and m.evasion)
            or (m.list_action == ScreeningAction.BLOCK and m.reported)
            for m in self.matches
        )

    @property
    def rule_id(self) -> int | None:
        """The rule of the weightiest match (block before hold before flag)."""
        order: dict[str, int] = {ScreeningAction.BLOCK: 0, ScreeningAction.HOLD: 1, ScreeningAction.FLAG: 2}
        ranked = sorted(self.matches, key=lambda m: (order[m.list_action], not m.evasion))
        return ranked[0].rule_id if ranked else None

    @property
    def rule_number(self) -> int | None:
        """The number of the rule of the weightiest match (``rule_id``)."""
        return next((m.rule_number for m in self.matches if m.rule_id == self.rule_id), None)

    def as_dict(self) -> dict:
        return {
            "action": self.action,
            "evasion": self.evasion,
            "matches": [m.as_dict() for m in self.matches],
        }


class _MatcherState:
    token: str | None = None
    matcher: Matcher | None = None


def _current_token() -> str:
    token = cache.get(_MATCHER_CACHE_KEY)
    if token is None:
        token = MatcherVersion.objects.values_list("token", flat=True).first() or "empty"
        cache.set(_MATCHER_CACHE_KEY, token, None)
    return token


def load_term_specs() -> list[TermSpec]:
    terms = WatchedTerm.objects.filter(watch_list__is_active=True).select_related("watch_list__rule")
    return [
        TermSpec(
            id=term.pk,
            term=term.term,
            mode=term.match,
            action=term.watch_list.action,
            list_name=term.watch_list.name,
            rule_id=term.watch_list.rule_id,
            rule_number=term.watch_list.rule.number,
            exceptions=tuple(term.exception_list()),
        )
        for term in terms
    ]


def get_matcher() -> Matcher:
    """The compiled matcher, rebuilt only when the watch lists changed (in any process)."""
    token = _current_token()
    if _MatcherState.matcher is None or _MatcherState.token != token:
        _MatcherState.matcher = Matcher(load_term_specs())
        _MatcherState.token = token
    return _MatcherState.matcher


def watch_lists_changed() -> None:
    """Give the watch lists a new version so that every process rebuilds its matcher.

    The cache key is dropped now (this process, inside the transaction, reads the new token from the
    database) and again after commit (other processes may have cached the old token meanwhile).
    """
    token = uuid.uuid4().hex
    updated = MatcherVersion.objects.filter(pk=1).update(token=token)
    if not updated:
        MatcherVersion.objects.create(pk=1, token=token)
    cache.delete(_MATCHER_CACHE_KEY)
    transaction.on_commit(partial(cache.delete, _MATCHER_CACHE_KEY))


def screen(text: str) -> ScreeningResult:
    """Check ``text`` against the watch lists: allow, review (hold or flag) or block."""
    return result_of(get_matcher().find(text))


def result_of(found: list[TermMatch]) -> ScreeningResult:
    """The outcome of a matcher's matches (the bench scores a matcher built without the database)."""
    matches = tuple(found)
    if not matches:
        return ScreeningResult(ALLOW)
    # A block-list term in reported speech is held for a moderator, never blocked.
    blocking = any(m.list_action == ScreeningAction.BLOCK and not m.reported for m in matches)
    action = BLOCK if blocking else REVIEW
    return ScreeningResult(action, matches, evasion=any(m.evasion for m in matches))


def count_hits(screening: ScreeningResult) -> None:
    if screening.matches:
        WatchedTerm.objects.filter(pk__in=[m.term_id for m in screening.matches]).update(
            hit_count=F("hit_count") + 1, last_hit_at=timezone.now()
        )
