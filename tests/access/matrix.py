"""Who may use which view: every role against every view that is not public.

Each ``Case`` is one URL (built from a real object of the world) and one method. ``expected(case, role)``
says what that role gets. The URL inventory test checks that every URL of the site is either public
(``PUBLIC_URL_NAMES``) or has a case here, so a new staff view without an entry fails the suite.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from eraati.selectors import free_text_digest

from .world import (
    ANONYMOUS,
    CITIZEN,
    COORDINATOR,
    KTALK_APPROVER,
    PEER_MODERATOR,
    ROLES,
    SOCIAL_WORK_STAFF,
    SUPERUSER,
)

# --- Outcomes ---------------------------------------------------------------------------------------
OK = "200"  # the page
DONE = "done"  # 302 after the change was made (a POST); ``changes`` cases also check that it was
LOGIN = "login"  # 302 to the site's login page
ADMIN_LOGIN = "admin login"  # 302 to the Wagtail admin's login page (not a staff member)
ADMIN_DENIED = "admin denied"  # 302 to the admin home with "Sorry, you do not have permission"
FORBIDDEN = "403"
NOT_FOUND = "404"
REFUSED = "refused"  # 302 back to the page with an error message; nothing changed
REDIRECT = "302"  # sent elsewhere, shown nothing

SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}
ADMIN_USERS = frozenset({PEER_MODERATOR, COORDINATOR, SOCIAL_WORK_STAFF, KTALK_APPROVER, SUPERUSER})
MODERATORS = frozenset({PEER_MODERATOR, COORDINATOR, SUPERUSER})  # forum and chat volunteers too
COORDINATORS = frozenset({COORDINATOR, SUPERUSER})
SOCIAL_WORK = frozenset({SOCIAL_WORK_STAFF, SUPERUSER})
PAGE_EDITORS = frozenset({COORDINATOR, KTALK_APPROVER, SUPERUSER})
SNIPPET_EDITORS = frozenset({COORDINATOR, SOCIAL_WORK_STAFF, SUPERUSER})
SUPERUSERS = frozenset({SUPERUSER})
NOBODY = frozenset()

# Logs every denied request must leave alone, whatever the view touches.
ALWAYS_WATCHED = ("moderation.AuditEntry", "eraati.ContactAccessLog", "accounts.Notification")


@dataclass(frozen=True)
class Case:
    url_name: str
    allowed: frozenset
    kwargs: Callable[[dict], dict] = lambda o: {}
    method: str = "get"
    data: Callable[[dict], dict] = lambda o: {}
    label: str = ""  # tells two cases of one URL apart (e.g. a held post)
    # "app_label.Model", or "@name" for the model of the world's object ``name``: compared before and after
    touches: tuple[str, ...] = ()
    changes: bool = False  # an allowed POST must change what it touches
    admin: bool = False
    ok: str | None = None  # what an allowed role gets; 200 for GET, DONE for POST by default
    denied: str | None = None  # what a signed-in role outside ``allowed`` gets
    special: dict = field(default_factory=dict)  # role -> outcome, where the general rule does not hold

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{f' ({self.label})' if self.label else ''}"


def expected(case: Case, role: str) -> str:
    if role in case.special:
        return case.special[role]
    if role == ANONYMOUS:
        return ADMIN_LOGIN if case.admin else LOGIN
    if role in case.allowed:
        return case.ok or (OK if case.method == "get" else DONE)
    if case.admin:
        return ADMIN_LOGIN if role == CITIZEN else ADMIN_DENIED
    return case.denied or FORBIDDEN


def _pk(name):
    return lambda o: {"pk": o[name].pk}


def _slug(name):
    return lambda o: {"slug": o[name].slug}


# --- The site's own pages --------------------------------------------------------------------------
SITE_CASES = [
    Case("accounts:profile", SIGNED_IN),
    Case("accounts:notifications", SIGNED_IN),
    Case("accounts:notifications_mark_read", SIGNED_IN, method="post", touches=("accounts.Notification",)),
    # Someone else's notification: nobody opens it (nor marks it read), the superuser included.
    Case("accounts:notification_open", NOBODY, kwargs=_pk("notification"), denied=NOT_FOUND),
    Case("accounts:export", SIGNED_IN),
    Case("accounts:delete", SIGNED_IN),
    Case("accounts:delete", SIGNED_IN, method="post", ok=OK, touches=("accounts.User",)),  # wrong password
    Case("account_email", SIGNED_IN),
    Case("account_change_password", SIGNED_IN),
    Case("account_reauthenticate", SIGNED_IN),
    # Forum: writing needs an account; a post is edited and deleted by its author only.
    Case("forum:following", SIGNED_IN),
    Case("forum:new_topic", SIGNED_IN, kwargs=_slug("category")),
    Case("forum:reply", SIGNED_IN, kwargs=_pk("topic")),
    Case(
        "forum:follow_topic",
        SIGNED_IN,
        kwargs=_pk("topic"),
        method="post",
        touches=("forum.Subscription",),
        changes=True,
    ),
    Case(
        "forum:follow_category",
        SIGNED_IN,
        kwargs=_slug("category"),
        method="post",
        touches=("forum.Subscription",),
        changes=True,
    ),
    Case(
        "forum:thank", SIGNED_IN, kwargs=_pk("post"), method="post", touches=("forum.Reaction",), changes=True
    ),
    Case("forum:edit_post", NOBODY, kwargs=_pk("post")),
    Case(
        "forum:edit_post",
        NOBODY,
        kwargs=_pk("post"),
        method="post",
        data=lambda o: {"body": "Toisen viesti muutettu."},
        touches=("forum.Post", "forum.PostRevision"),
    ),
    Case("forum:delete_post", NOBODY, kwargs=_pk("post")),
    Case("forum:delete_post", NOBODY, kwargs=_pk("post"), method="post", touches=("forum.Post",)),
    Case(
        "forum:moderate_topic",
        MODERATORS,
        kwargs=_pk("topic"),
        method="post",
        data=lambda o: {"action": "pin"},
        touches=("forum.Topic",),
        changes=True,
    ),
    Case("forum:post_history", MODERATORS, kwargs=_pk("post")),
    # Guessing the id of a post that waits for a moderator finds nothing.
    Case(
        "forum:post",
        MODERATORS,
        kwargs=_pk("held_post"),
        label="held",
        ok=DONE,
        denied=NOT_FOUND,
        special={ANONYMOUS: NOT_FOUND},
    ),
    # Moderators may read the held post, but only its author may edit it.
    Case(
        "forum:edit_post",
        NOBODY,
        kwargs=_pk("held_post"),
        label="held",
        denied=NOT_FOUND,
        special={role: FORBIDDEN for role in MODERATORS},
    ),
    # Moderation: anyone signed in reports; only the author sees and appeals a decision on their content.
    Case("moderation:report", SIGNED_IN, kwargs=lambda o: _report_kwargs(o["post"])),
    Case(
        "moderation:report",
        SIGNED_IN,
        kwargs=lambda o: _report_kwargs(o["post"]),
        method="post",
        data=lambda o: {"rule": o["rule"].pk, "note": "Asiaton."},
        touches=("moderation.Report", "moderation.QueueItem"),
        changes=True,
    ),
    Case(
        "moderation:report",
        MODERATORS,
        kwargs=lambda o: _report_kwargs(o["held_post"]),
        label="held",
        denied=NOT_FOUND,
    ),
    Case("moderation:appeal", NOBODY, kwargs=lambda o: {"decision_id": o["decision"].pk}, denied=NOT_FOUND),
    Case(
        "moderation:appeal",
        NOBODY,
        kwargs=lambda o: {"decision_id": o["decision"].pk},
        method="post",
        data=lambda o: {"text": "Valitan toisen puolesta."},
        touches=("moderation.Appeal",),
        denied=NOT_FOUND,
    ),
    # A sanction's appeal page is the sanctioned person's only (the world's sanction is the author's).
    Case(
        "moderation:appeal_sanction",
        NOBODY,
        kwargs=lambda o: {"sanction_id": o["sanction"].pk},
        denied=NOT_FOUND,
    ),
    Case(
        "moderation:appeal_sanction",
        NOBODY,
        kwargs=lambda o: {"sanction_id": o["sanction"].pk},
        method="post",
        data=lambda o: {"text": "Valitan toisen puolesta."},
        touches=("moderation.Appeal",),
        denied=NOT_FOUND,
    ),
    # eRaati: raw answers and results before their publication day are for social-work staff.
    Case(
        "eraati:answers_export",
        SOCIAL_WORK,
        kwargs=lambda o: {"slug": o["survey"].slug, "fmt": "csv"},
        special={ANONYMOUS: FORBIDDEN},
    ),
    Case(
        "eraati:results",
        SOCIAL_WORK,
        kwargs=_slug("embargoed_survey"),
        label="before publication",
        special={ANONYMOUS: FORBIDDEN},
    ),
    Case(
        "eraati:results_export",
        SOCIAL_WORK,
        kwargs=lambda o: {"slug": o["embargoed_survey"].slug, "fmt": "csv"},
        label="before publication",
        special={ANONYMOUS: FORBIDDEN},
    ),
    # Chat: closed groups for their members and the volunteers; supervision for the volunteers.
    Case("chat:session", MODERATORS, kwargs=_pk("group_session"), label="closed group"),
    Case(
        "chat:session",
        MODERATORS,
        kwargs=_pk("group_session"),
        label="closed group",
        method="post",
        touches=("chat.Participant",),
        changes=True,
        ok=DONE,
    ),
    Case("chat:session", MODERATORS, kwargs=_pk("supervision_session"), label="supervision"),
    Case(
        "chat:open",
        COORDINATORS,
        kwargs=_pk("scheduled_session"),
        method="post",
        touches=("chat.ChatSession", "chat.RoomAction"),
        changes=True,
        denied=REFUSED,
    ),
    Case("chat:close", COORDINATORS, kwargs=_pk("open_session"), label="confirmation"),
    Case(
        "chat:reopen",
        COORDINATORS,
        kwargs=_pk("closed_session"),
        method="post",
        touches=("chat.ChatSession", "chat.RoomAction"),
        changes=True,
        denied=REFUSED,
    ),
    Case(
        "chat:close",
        COORDINATORS,
        kwargs=_pk("open_session"),
        method="post",
        touches=("chat.ChatSession", "chat.RoomAction"),
        changes=True,
        denied=REFUSED,
    ),
    Case(
        "chat:sign_up",
        MODERATORS,
        kwargs=_pk("scheduled_session"),
        method="post",
        touches=("chat.Shift",),
        changes=True,
        denied=REFUSED,
    ),
    # Cancelling takes back one's own shift only: for these roles there is none to take back.
    Case(
        "chat:cancel_sign_up",
        SIGNED_IN,
        kwargs=_pk("scheduled_session"),
        method="post",
        touches=("chat.Shift",),
    ),
    Case("chat:report", NOBODY, kwargs=_pk("closed_session")),
    Case(
        "chat:report",
        NOBODY,
        kwargs=_pk("closed_session"),
        method="post",
        data=lambda o: {"summary": "Toisen raportti."},
        touches=("chat.SessionReport",),
    ),
    Case(
        "chat:feedback",
        NOBODY,
        kwargs=_pk("closed_session"),
        denied=NOT_FOUND,
        special={ANONYMOUS: NOT_FOUND},
    ),
    Case(
        "chat:invite",
        MODERATORS,
        kwargs=_slug("group_room"),
        method="post",
        data=lambda o: {"username": o["newcomer"].username},
        touches=("chat.Room_members",),
        changes=True,
        denied=REFUSED,
    ),
]


def _report_kwargs(post) -> dict:
    from django.contrib.contenttypes.models import ContentType

    return {"content_type_id": ContentType.objects.get_for_model(post).pk, "object_id": str(post.pk)}


# --- The Wagtail admin: custom staff views ------------------------------------------------------------
def _admin(url_name, allowed, **kwargs) -> Case:
    return Case(url_name, allowed, admin=True, **kwargs)


ADMIN_CASES = [
    _admin("wagtailadmin_home", ADMIN_USERS),
    _admin("moderation_queue:index", MODERATORS),
    _admin("moderation_queue:item", MODERATORS, kwargs=_pk("queue_item")),
    _admin(
        "moderation_queue:item",
        MODERATORS,
        kwargs=_pk("queue_item"),
        method="post",
        data=lambda o: {"operation": "claim"},
        touches=("moderation.QueueItem",),
        changes=True,
    ),
    _admin("moderation_sanctions:index", MODERATORS),
    _admin(
        "moderation_sanctions:index",
        MODERATORS,
        method="post",
        data=lambda o: {"lift": o["sanction"].pk},
        touches=("moderation.Sanction",),
        changes=True,
    ),
    _admin("moderation_sanctions:add", MODERATORS),
    _admin(
        "moderation_sanctions:add",
        MODERATORS,
        method="post",
        data=lambda o: {
            "pseudonym": o["author"].username,
            "kind": "warning",
            "rule": o["rule"].pk,
            "note": "Toinen varoitus.",
        },
        touches=("moderation.Sanction",),
        changes=True,
    ),
    _admin("moderation_appeals:index", COORDINATORS),
    _admin("chat_feedback:index", COORDINATORS),
    _admin("moderation_appeals:decide", COORDINATORS, kwargs=_pk("appeal")),
    _admin(
        "moderation_appeals:decide",
        COORDINATORS,
        kwargs=_pk("appeal"),
        method="post",
        data=lambda o: {"outcome": "uphold", "response": "Päätös pysyy."},
        touches=("moderation.Appeal", "moderation.Decision"),
        changes=True,
    ),
    _admin("moderation_log:index", COORDINATORS),
    _admin("moderation_log:index_results", COORDINATORS),
    _admin("moderation_rules_versions:index", COORDINATORS),
    _admin(
        "moderation_rules_versions:index",
        COORDINATORS,
        method="post",
        data=lambda o: {"note": "Uusi versio."},
        touches=("moderation.RulesVersion",),
        changes=True,
    ),
    _admin("moderation_try:index", COORDINATORS),
    _admin("moderation_try:index", COORDINATORS, method="post", data=lambda o: {"text": "Koe."}, ok=OK),
    # eRaati contacts: social-work staff only; every look at them is logged, a denied one is not.
    _admin("eraati_contacts:index", SOCIAL_WORK, touches=("eraati.ContactAccessLog",)),
    _admin("eraati_contacts:export", SOCIAL_WORK, touches=("eraati.ContactAccessLog",)),
    _admin("eraati_contacts:log", SOCIAL_WORK),
    _admin(
        "eraati_contacts:invite_survey",
        SOCIAL_WORK,
        kwargs=lambda o: {"survey_id": o["deeper_survey"].pk},
        method="post",
        touches=("eraati.SurveyInvitation",),
        changes=True,
    ),
    _admin("eraati_contacts:free_text", SOCIAL_WORK, kwargs=lambda o: {"survey_id": o["survey"].pk}),
    _admin(
        "eraati_contacts:pick_quote",
        SOCIAL_WORK,
        kwargs=lambda o: {"survey_id": o["text_answer"].question.survey_id},
        data=lambda o: {
            "question": o["text_answer"].question_id,
            "digest": free_text_digest(o["text_answer"].text),
        },
        method="post",
        touches=("eraati.Quote",),
        changes=True,
    ),
    _admin(
        "eraati_contacts:invite_meeting",
        SOCIAL_WORK,
        kwargs=lambda o: {"meeting_id": o["meeting"].pk},
        method="post",
        touches=("eraati.MeetingInvitation",),
        changes=True,
    ),
    _admin(
        "eraati_contacts:attendance",
        SOCIAL_WORK,
        kwargs=lambda o: {"meeting_id": o["meeting"].pk},
        touches=("eraati.ContactAccessLog",),
    ),
    # Wagtail's own sections.
    # Social-work staff are sent to their own section (the publications) instead.
    _admin(
        "wagtailadmin_explore",
        PAGE_EDITORS,
        kwargs=lambda o: {"parent_page_id": o["ktalk_index"].pk},
        special={SOCIAL_WORK_STAFF: REDIRECT},
    ),
    _admin("wagtailadmin_pages:edit", PAGE_EDITORS, kwargs=lambda o: {"page_id": o["ktalk"].pk}),
    _admin("wagtailsnippets:index", SNIPPET_EDITORS),
    _admin("wagtailforms:index", PAGE_EDITORS | {SOCIAL_WORK_STAFF}),
    _admin("wagtailusers_users:index", SUPERUSERS),
    _admin("wagtailusers_users:edit", SUPERUSERS, kwargs=lambda o: {"pk": o["author"].pk}),
    _admin("wagtailusers_groups:index", SUPERUSERS),
    _admin("wagtailsites:index", SUPERUSERS),
    _admin("wagtailadmin_workflows:index", SUPERUSERS),
    # Collection permissions from setup_site: coordinators manage images and documents, social-work staff
    # add images (for their reports).
    _admin("wagtailimages:index", COORDINATORS | {SOCIAL_WORK_STAFF}),
    _admin("wagtaildocs:index", COORDINATORS),
]

# --- The Wagtail admin: the project's viewsets (list, edit one, delete one) ---------------------------
# namespace -> (object name in the world, who may list, the list view's name[, who may edit and delete])
VIEWSETS = {
    "wagtailsnippets_eraati_survey": ("survey", SOCIAL_WORK, "list"),
    "eraati_council": ("council", SOCIAL_WORK, "index"),
    "eraati_meeting": ("meeting", SOCIAL_WORK, "index"),
    "eraati_quote": ("quote", SOCIAL_WORK, "index"),
    "chat_rooms": ("group_room", COORDINATORS, "index"),
    "chat_sessions": ("scheduled_session", MODERATORS, "index", COORDINATORS),  # volunteers see the plan
    "chat_series": ("session_series", COORDINATORS, "index"),
    "chat_session_reports": ("session_report", COORDINATORS, "index", SUPERUSERS),  # read only
    "chat_support_alerts": ("support_alert", COORDINATORS, "index", SUPERUSERS),  # read only
    "wagtailsnippets_chat_crisiscontact": ("crisis_contact", COORDINATORS, "list"),
    "forum_categories": ("category", COORDINATORS, "index"),
    "ktalk_commitments": ("commitment", COORDINATORS, "index"),
    "wagtailsnippets_ktalks_hostbody": ("host_body", COORDINATORS, "list", COORDINATORS, SUPERUSERS),
    "wagtailsnippets_ktalks_theme": ("theme", COORDINATORS, "list"),
    "wagtailsnippets_ktalks_decisionmaker": (
        "decision_maker",
        COORDINATORS,
        "list",
        COORDINATORS,
        SUPERUSERS,
    ),
    # Rules are public; volunteers may read the list. A rule is retired, never deleted.
    "wagtailsnippets_moderation_rule": ("rule", MODERATORS, "list", COORDINATORS, SUPERUSERS),
    "wagtailsnippets_moderation_watchlist": ("watch_list", COORDINATORS, "list"),
    "wagtailsnippets_moderation_watchedterm": ("watched_term", COORDINATORS, "list"),
}


# A chooser lists titles of public things to every admin user (Wagtail's default); the watch lists are
# not public: their choosers are for those who may view them.
CHOOSERS = {
    "wagtailsnippets_moderation_watchlist": COORDINATORS,
    "wagtailsnippets_moderation_watchedterm": COORDINATORS,
}


def viewset_cases() -> list[Case]:
    cases = []
    for namespace, (obj, may_list, list_view, *rest) in VIEWSETS.items():
        may_edit = rest[0] if rest else may_list
        may_delete = rest[1] if len(rest) > 1 else may_edit
        spare = f"spare_{obj}"
        cases += [
            _admin(f"{namespace}:{list_view}", may_list),
            _admin(f"{namespace}:edit", may_edit, kwargs=_pk(obj)),
            _admin(
                f"{namespace}:delete",
                may_delete,
                kwargs=_pk(spare),
                method="post",
                touches=(f"@{spare}",),
                changes=True,
            ),
        ]
        if namespace.startswith("wagtailsnippets_"):  # the chooser that page and snippet forms open
            chooser = namespace.replace("wagtailsnippets_", "wagtailsnippetchoosers_")
            cases.append(_admin(f"{chooser}:choose", CHOOSERS.get(namespace, ADMIN_USERS)))
    return cases


CASES = SITE_CASES + ADMIN_CASES + viewset_cases()

# --- Public URLs: anyone, signed in or not ---------------------------------------------------------------
PUBLIC_URL_NAMES = {
    "healthz",
    "favicon",
    # The admin's login and password reset: redirects to the site's own, for everyone.
    "admin_login",
    "admin_password_reset",
    "set_language",
    "captcha-image",
    "captcha-image-2x",
    "captcha-audio",
    "captcha_speech",
    "captcha-refresh",
    "wagtail_serve",
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",
    "forum:index",
    "forum:search",
    "forum:category",
    "forum:category_feed",
    "forum:topic",
    "forum:post",
    "eraati:index",
    "eraati:thanks",
    "eraati:opt_in",
    "eraati:councils",
    "eraati:meeting_calendar",  # meetings still to come, public as the page is
    "eraati:withdraw",  # the token is the key
    "eraati:rsvp",  # the token is the key
    "eraati:answer",
    "eraati:results",
    "eraati:results_export",
    "chat:index",
    "chat:session",
    "chat:feedback",  # those who took part, signed in or not
    "moderation:rules",
    "cms:search",
    # allauth: signing in, up and out, e-mail confirmation and password reset
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_set_password",
    "account_reset_password",
    "account_confirm_login_code",
    "account_confirm_email",
    "account_reset_password_from_key_done",
    "account_reset_password_from_key",
    "account_reset_password_done",
}
