"""Public moderation pages: the community rules, the report form and the appeal pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import AppealForm, ReportForm
from .models import Decision, DecisionAction
from .rules import active_rules, current_rules_version


def rules(request):
    return render(
        request,
        "moderation/rules.html",
        {"rules": active_rules(), "rules_version": current_rules_version()},
    )


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def report(request, content_type_id: int, object_id: str):
    content_type = selectors.moderated_content_type(content_type_id)
    if content_type is None:
        raise Http404
    try:
        content = content_type.get_object_for_this_type(pk=object_id)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None
    if not content.is_visible_to(request.user):
        raise Http404
    back = _safe_next(request, content.get_absolute_url())
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_content(
                content,
                reporter=request.user,
                rule=form.cleaned_data["rule"],
                note=form.cleaned_data["note"],
            )
        except services.ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. A moderator will look at the message."))
            return redirect(back)
    return render(
        request,
        "moderation/report.html",
        {"form": form, "content": content, "excerpt": content.moderation_text()[:500], "back": back},
        status=400 if form.errors else 200,
    )


def _appeal_page(request, appealed, *, can_appeal: bool, subject=None):
    """The appeal form, or the appeal already filed with its outcome; one page for both kinds."""
    existing = selectors.appeal_or_none(appealed)
    form = AppealForm(request.POST or None) if can_appeal and existing is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.file_appeal(
                appealed, author=request.user, subject=subject, text=form.cleaned_data["text"]
            )
        except services.ModerationError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, _("Your appeal was sent. Another moderator will decide and tell you."))
            return redirect(request.path)
    context = {"appeal": existing, "form": form, "decision": None, "sanction": None}
    context["decision" if isinstance(appealed, Decision) else "sanction"] = appealed
    return render(
        request, "moderation/appeal.html", context, status=400 if form is not None and form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request, decision_id: int):
    decision = selectors.decision_for_author(decision_id, request.user)
    if decision is None:
        raise Http404
    return _appeal_page(request, decision, can_appeal=decision.action != DecisionAction.APPROVE)


@require_http_methods(["GET", "POST"])
def appeal_sanction(request, sanction_id: int):
    """A sanction's appeal page: for the sanctioned account, or for the anonymous chat participant
    whose own browser session holds the participation (``subject.is_held_by(request)``)."""
    sanction = selectors.sanction_or_none(sanction_id)
    if sanction is None:
        raise Http404
    subject = None
    if sanction.user_id is None:
        subject = sanction.subject
        if subject is None or not subject.is_held_by(request):
            raise Http404
    elif sanction.user_id != request.user.pk:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return _appeal_page(request, sanction, can_appeal=sanction.lifted_at is None, subject=subject)
