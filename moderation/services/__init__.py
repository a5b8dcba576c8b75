"""Every moderation state change, one function per verb; the API that forum/ and chat/ call.

Each function checks permissions, runs in a transaction, writes the audit log, and tells the people
concerned (notifications and signals after commit). See docs/moderation.md for how an app plugs in.
Callers import this package (``from moderation import services``); the modules behind it:

``errors``       what moderation raises, and the permission and rule checks that raise it
``matching``     screening against the watch lists (the compiled matcher, kept fresh)
``submissions``  ``check_submission`` / ``check_edit`` → save → ``record_submission``; ``submit`` does all
``reports``      readers' reports
``decisions``    the queue: claim, release, decide
``sanctions``    imposing and lifting (what each kind means: ``moderation.sanctions``)
``appeals``      filing and deciding appeals
``rules``        publishing a version of the rules; watch-list edits made in the admin
``retention``    forgetting the text of content its app has deleted
``audit``        the one way into the audit log
"""

from ..notices import appeal_outcome, appeal_url, sanction_message
from ..rules import current_rules_version
from ..sanctions import CHAT_BLOCKED, POSTING_BLOCKED, REPORTING_BLOCKED, SanctionKind
from ..selectors import appeal_by_id, sanction_or_none
from .appeals import decide_appeal, file_appeal
from .decisions import claim, decide, decide_content, release
from .errors import (
    AlreadyAppealed,
    AlreadyReported,
    ModerationError,
    PostingNotAllowed,
    SubmissionBlocked,
    UnknownRule,
)
from .matching import ALLOW, BLOCK, REVIEW, ScreeningResult, screen, watch_lists_changed
from .reports import report_content
from .retention import REDACTED, forget_content_text
from .rules import publish_rules_version, record_watch_list_edit
from .sanctions import (
    active_sanction,
    impose_sanction,
    lift_sanction,
    record_slow_mode,
    sanction_in_force_for,
)
from .submissions import HOLD, PUBLISH, Verdict, check_edit, check_submission, record_submission, submit

__all__ = [
    "ALLOW",
    "BLOCK",
    "CHAT_BLOCKED",
    "HOLD",
    "POSTING_BLOCKED",
    "PUBLISH",
    "REDACTED",
    "REPORTING_BLOCKED",
    "REVIEW",
    "AlreadyAppealed",
    "AlreadyReported",
    "ModerationError",
    "PostingNotAllowed",
    "SanctionKind",
    "ScreeningResult",
    "SubmissionBlocked",
    "UnknownRule",
    "Verdict",
    "active_sanction",
    "appeal_by_id",
    "appeal_outcome",
    "appeal_url",
    "check_edit",
    "check_submission",
    "claim",
    "current_rules_version",
    "decide",
    "decide_appeal",
    "decide_content",
    "file_appeal",
    "forget_content_text",
    "impose_sanction",
    "lift_sanction",
    "publish_rules_version",
    "record_slow_mode",
    "record_submission",
    "record_watch_list_edit",
    "release",
    "report_content",
    "sanction_in_force_for",
    "sanction_message",
    "sanction_or_none",
    "screen",
    "submit",
    "watch_lists_changed",
]
