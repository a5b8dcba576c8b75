"""Chat pages. Joining, opening and closing are ordinary forms (no JavaScript); the live chat needs JS."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import conf, selectors, services
from .forms import AnonymousJoinForm, FeedbackForm, InviteForm, SessionReportForm
from .models import PARTICIPANTS_SESSION_KEY, ChatSession, Room
from .services import ChatError

FEEDBACK_GIVEN_KEY = "chat_feedback_given"


def client_strings() -> dict:
    """The live chat's UI strings, translated here and handed to chat.js as JSON."""
    return {
        "connected": _("Connected."),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "waiting": _("Waiting for a moderator"),
        "approve": _("Approve"),
        "reject": _("Reject"),
        "remove": _("Remove"),
        "report": _("Report"),
        "mute": _("Mute"),
        "kick": _("Remove from the chat"),
        "muted_label": _("muted"),
        "removed": _("A volunteer removed this message."),
        "present": _("%(count)s present"),
        "on_duty": _("On duty:"),
        "volunteer": _("volunteer"),
        "closed": _("The chat has ended. Thank you for taking part."),
        "feedback": _("Did the chat help you? Answer one question."),
        "muted": _("A volunteer has muted you for this session. You can still read the chat."),
        "removed_from_chat": _("You have been removed from this chat session."),
        "reported": _("Thank you. The volunteers will look at the message."),
        "support_sent": _("Your call for support was sent to the coordinators."),
        "support_alert": _("%(volunteer)s needs support in “%(session)s”."),
        "slow": _("Slow mode: one message every %(seconds)s seconds."),
        "choose_rule": _("First choose the rule in the volunteer tools."),
        "choose_rule_report": _("Choose the rule the message breaks."),
        "unmute": _("Lift the mute"),
        "unmuted": _("A volunteer lifted your mute. You can write again."),
        "appeal": _("Appeal"),
        "held_published": _("A volunteer approved your message: everyone can see it now."),
        "held_rejected": _("A volunteer did not publish your message."),
        "report_received": _("A participant reported a message under rule %(number)s."),
    }


def index(request):
    return render(
        request,
        "chat/index.html",
        {
            "sessions": selectors.visible_sessions(request.user),
            "next_open": selectors.next_open_session(),
            "crisis_contacts": selectors.crisis_contacts(),
            "volunteer": services.is_volunteer(request.user),
        },
    )


def _remember_participant(request, participant) -> None:
    joined = dict(request.session.get(PARTICIPANTS_SESSION_KEY) or {})
    joined[str(participant.session_id)] = participant.pk
    request.session[PARTICIPANTS_SESSION_KEY] = joined


def _took_part(request, session: ChatSession) -> bool:
    if str(session.pk) in (request.session.get(PARTICIPANTS_SESSION_KEY) or {}):
        return True
    return request.user.is_authenticated and session.participants.filter(user=request.user).exists()


def session_detail(request, pk):
    """The chat itself for participants; otherwise the join form, or when the chat opens."""
    session = get_object_or_404(ChatSession.objects.select_related("room", "host"), pk=pk)
    user = request.user
    if not services.may_enter(user, session.room):
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        raise PermissionDenied
    context = {"session": session, "crisis_contacts": selectors.crisis_contacts()}
    participant = selectors.participant_for_connection(session.pk, user=user, django_session=request.session)
    if participant is not None:
        return render(
            request,
            "chat/session.html",
            {
                **context,
                "participant": participant,
                "moderator": services.can_moderate(user, session),
                "ws_path": f"/ws/chat/{session.pk}/",
                "max_length": conf.max_message_length(),
                "strings": client_strings(),
                "rules": selectors.active_rules(),
            },
        )
    if session.status == ChatSession.CLOSED:
        context["took_part"] = _took_part(request, session)
        context["writes_report"] = services.may_write_report(user, session)
        context["may_reopen"] = services.may_reopen(session) and services.can_moderate(user, session)
        return render(request, "chat/ended.html", context)
    form = None
    if session.is_open and not user.is_authenticated:
        form = AnonymousJoinForm(request.POST or None)
    if request.method == "POST" and session.is_open and (form is None or form.is_valid()):
        try:
            participant = services.join_session(
                session, user=user, nickname=form.cleaned_data["nickname"] if form else ""
            )
        except ChatError as error:
            if form is None or error.code != "nickname_taken":
                messages.error(request, error.message)
                return redirect(session.get_absolute_url())
            form.add_error("nickname", error.message)
        else:
            _remember_participant(request, participant)
            return redirect(session.get_absolute_url())
    context["form"] = form
    context["can_open"] = session.status == ChatSession.SCHEDULED and services.can_moderate(user, session)
    return render(request, "chat/join.html", context, status=400 if form is not None and form.errors else 200)


def _service_post(request, pk, action, success):
    session = get_object_or_404(ChatSession, pk=pk)
    try:
        action(session)
    except ChatError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = session.get_absolute_url()  # never send a volunteer on to another site
    return redirect(target)


@require_POST
@login_required
def open_session(request, pk):
    return _service_post(
        request, pk, lambda session: services.open_session(session, by=request.user), _("The chat is open.")
    )


@login_required
def close_session(request, pk):
    """Closing asks first (a page of its own, so it works without JavaScript); it can be undone
    until the session's scheduled end (``reopen_session``)."""
    if request.method == "POST":
        return _service_post(
            request,
            pk,
            lambda session: services.close_session(session, by=request.user),
            _("The chat is closed. You can reopen it until its scheduled end."),
        )
    session = get_object_or_404(ChatSession, pk=pk)
    if not services.can_moderate(request.user, session):
        raise PermissionDenied
    return render(request, "chat/close.html", {"session": session})


@require_POST
@login_required
def reopen_session(request, pk):
    return _service_post(
        request,
        pk,
        lambda session: services.reopen_session(session, by=request.user),
        _("The chat is open again."),
    )


@require_POST
@login_required
def sign_up(request, pk):
    return _service_post(
        request,
        pk,
        lambda session: services.sign_up_for_shift(session, volunteer=request.user),
        _("You are on the shift."),
    )


@require_POST
@login_required
def cancel_sign_up(request, pk):
    return _service_post(
        request,
        pk,
        lambda session: services.cancel_shift(session, volunteer=request.user),
        _("You are no longer on the shift."),
    )


def feedback(request, pk):
    """The one-question anonymous feedback form after a session. Only the answer is stored."""
    session = get_object_or_404(ChatSession, pk=pk, status=ChatSession.CLOSED)
    if not _took_part(request, session):
        raise Http404
    given = request.session.get(FEEDBACK_GIVEN_KEY) or []
    if session.pk in given:
        return render(request, "chat/feedback.html", {"session": session, "thanks": True})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.submit_feedback(session, answer=form.cleaned_data["answer"])
        request.session[FEEDBACK_GIVEN_KEY] = [*given, session.pk]
        return render(request, "chat/feedback.html", {"session": session, "thanks": True})
    return render(
        request, "chat/feedback.html", {"session": session, "form": form}, status=400 if form.errors else 200
    )


@login_required
def session_report(request, pk):
    session = get_object_or_404(ChatSession, pk=pk, status=ChatSession.CLOSED)
    if not services.may_write_report(request.user, session):
        raise PermissionDenied
    existing = getattr(session, "report", None) if hasattr(session, "report") else None
    initial = {"summary": existing.summary, "needs_follow_up": existing.needs_follow_up} if existing else None
    form = SessionReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.write_session_report(session, by=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you, the report is saved."))
        return redirect("chat:index")
    return render(
        request, "chat/report.html", {"session": session, "form": form}, status=400 if form.errors else 200
    )


@require_POST
@login_required
def invite(request, slug):
    room = get_object_or_404(Room, slug=slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(room, by=request.user, username=form.cleaned_data["username"])
        except ChatError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The person is now a member of the group."))
    else:
        messages.error(request, _("Give the pseudonym of the person to invite."))
    return redirect("chat:index")
