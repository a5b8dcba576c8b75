"""Public eRaati pages: answering, the separate opt-in, withdrawal, meeting replies, results.

Views are thin: they parse the request, call a service or a selector and render. Every page works
without JavaScript.
"""

import csv
import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.setup import publications_url
from kuulluksi import ical, languages, spreadsheets
from kuulluksi.outage import DATABASE_OUTAGE_ERRORS, RETRY_AFTER_SECONDS, outage_response

from . import disclosure, selectors, services, throttle
from .forms import ContactOptInForm, RsvpForm, SurveyForm
from .models import ContactAccessLog, Meeting, MeetingInvitation, Survey

# A council meeting has a start only; the calendar entry takes the usual two hours.
MEETING_LENGTH = datetime.timedelta(hours=2)
INVITATION_PARAM = "kutsu"
SUBMISSION_PARAM = "lomake"


def index(request):
    return render(
        request,
        "eraati/index.html",
        {
            "open_surveys": selectors.open_surveys(),
            "published": selectors.surveys_with_public_results()[:24],
            "publications_url": publications_url(request),
        },
    )


def councils(request):
    """The client councils in public: meetings to come (with a calendar file each) and past memos."""
    return render(request, "eraati/councils.html", {"schedules": selectors.council_schedules()})


def meeting_calendar(request, pk):
    """A meeting still to come as an iCalendar file."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("council"), pk=pk, starts_at__gte=timezone.now()
    )
    event = ical.CalendarEvent(
        uid=f"council-meeting-{meeting.pk}@{request.get_host().split(':')[0]}",
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + MEETING_LENGTH,
        summary=meeting.council.name,
        description=meeting.agenda,
        location=meeting.place,
        url=request.build_absolute_uri(reverse("eraati:councils")),
    )
    return ical.download(
        event, product_id="-//Kuulluksi//eRaati councils//FI", filename=f"council-meeting-{meeting.pk}"
    )


def _carried_initial(form: SurveyForm) -> dict:
    """The answers given so far, to show the next (or previous) step with nothing lost."""
    return {name: form[name].value() for name in form.fields if name != "captcha"}


NOT_SAVED = gettext_lazy(
    "Your answers were not saved because of a temporary fault. Please send them again in a moment."
)


@require_http_methods(["GET", "POST"])
def answer(request, slug):
    """Answer a survey; if the database fails on the way, the person is told their answers were not saved."""
    try:
        return _answer(request, slug)
    except DATABASE_OUTAGE_ERRORS:
        if request.method == "POST":
            return outage_response(lead=str(NOT_SAVED))
        raise  # a plain page view: the site-wide 503 page


def _answer(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    token = request.POST.get(INVITATION_PARAM) or request.GET.get(INVITATION_PARAM, "")
    # One key per filled-in form, carried from step to step: sending the same answers again is harmless.
    submission_key = request.POST.get(SUBMISSION_PARAM, "")[:100] or services.new_submission_key()
    if request.POST.get("action") == "submit" and services.was_submitted(submission_key):
        return _answered(request, survey)  # an earlier sending was stored; its reply never arrived
    if not survey.is_open():
        return render(request, "eraati/closed.html", {"survey": survey})
    if survey.is_deeper and not services.invitation_is_valid(survey, token):
        return render(request, "eraati/invitation_required.html", {"survey": survey}, status=403)
    if not survey.is_deeper and survey.pk in throttle.answered_surveys(request):
        return render(request, "eraati/already_answered.html", {"survey": survey})
    flood = throttle.level(request)
    if flood == throttle.REFUSE:
        return render(request, "eraati/too_many.html", {"survey": survey}, status=429)
    captcha = survey.captcha_required or flood == throttle.CAPTCHA
    questions = list(survey.questions.all())
    # The whole survey in one language: the reader's where it is translated, else Finnish (marked).
    language = languages.shown_language(survey, *questions)
    page = {
        "survey": survey,
        "invitation_token": token,
        "submission_key": submission_key,
        "survey_language": language,
        "survey_lang_attr": languages.lang_attribute(language),
    }

    def survey_form(*args, **kwargs):
        with translation.override(language):
            return SurveyForm(*args, questions=questions, captcha=kwargs.pop("captcha", captcha), **kwargs)

    if request.method == "GET":
        return _render_form(request, survey_form(step=1), page)

    step = _int(request.POST.get("step"), 1)
    if request.POST.get("action") == "back":
        carried = survey_form(request.POST, step=step, captcha=False)
        return _render_form(request, survey_form(initial=_carried_initial(carried), step=step - 1), page)

    form = survey_form(request.POST, step=step)
    if not form.is_valid():
        form.go_to_first_error()
        return _render_form(request, form, page, status=400)
    if not form.is_last_step:
        return _render_form(request, survey_form(initial=_carried_initial(form), step=step + 1), page)
    try:
        services.submit_response(
            survey, form.answers(), invitation_token=token, submission_key=submission_key
        )
    except services.AlreadySubmitted:
        pass  # the same form sent twice at once: the other sending stored it
    except services.SurveyNotOpen:
        return render(request, "eraati/closed.html", {"survey": survey})
    except services.InvalidInvitation:
        return render(request, "eraati/invitation_required.html", {"survey": survey}, status=403)
    except DATABASE_OUTAGE_ERRORS:
        return _not_saved(request, form, page)
    throttle.record_submit(request)
    return _answered(request, survey)


def _answered(request, survey):
    # The thank-you page is the same for every survey and every answer: it carries nothing to link.
    response = redirect("eraati:thanks")
    if not survey.is_deeper:
        throttle.remember_answered(request, response, survey)
    return response


def _not_saved(request, form, page):
    """The database failed while storing: nothing was stored (one transaction). Show the form again,
    everything typed kept and the error at the top, so one press sends it again; if even that page
    needs the database (the captcha, a signed-in user's session), the plain 503 page says the same."""
    not_saved = _(
        "Your answers were not saved because of a temporary fault. Please send them again in a moment."
    )
    try:
        response = _render_form(request, form, {**page, "not_saved": not_saved}, status=503)
    except DATABASE_OUTAGE_ERRORS:
        return outage_response(lead=not_saved)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _render_form(request, form, page, status=200):
    return render(
        request,
        "eraati/answer.html",
        {
            **page,
            "form": form,
            "invitation_param": INVITATION_PARAM,
            "submission_param": SUBMISSION_PARAM,
        },
        status=status,
    )


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def thanks(request):
    return render(request, "eraati/thanks.html", {"form": ContactOptInForm()})


@require_http_methods(["GET", "POST"])
def opt_in(request):
    """The opt-in form is its own request; it never sees the answers or their id."""
    if request.method == "POST":
        if throttle.level(request) == throttle.REFUSE:
            return render(request, "eraati/too_many.html", {}, status=429)
        form = ContactOptInForm(request.POST)
        if form.is_valid():
            # Counted nowhere: a counter an opt-in changed would tell who opted in (docs/privacy.md).
            services.opt_in(
                **{name: form.cleaned_data[name] for name in form.Meta.fields}, language=get_language()
            )
            return render(request, "eraati/opt_in_done.html")
        return render(request, "eraati/opt_in.html", {"form": form}, status=400)
    return render(request, "eraati/opt_in.html", {"form": ContactOptInForm()})


@csrf_exempt  # the signed token is the credential; mail programs' one-click unsubscribe posts without a form
@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    """GET asks for one click (link scanners must not delete anyone); POST deletes at once."""
    if request.method == "POST":
        deleted = services.withdraw(token)
        return render(request, "eraati/withdrawn.html", {"deleted": deleted})
    contact = services.contact_for_withdraw_token(token)
    return render(
        request, "eraati/withdraw.html", {"contact": contact, "token": token}, status=200 if contact else 404
    )


@require_http_methods(["GET", "POST"])
def rsvp(request, token):
    invitation = services.meeting_invitation_for_token(token)
    if invitation is None:
        return render(request, "eraati/rsvp_invalid.html", status=404)
    form = RsvpForm(request.POST or None, initial={"reply": invitation.reply or None})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.rsvp(token, form.cleaned_data["reply"])
        except services.MeetingFull:
            form.add_error("reply", _("Sorry, the meeting is full. We will invite you to the next one."))
        else:
            messages.success(
                request,
                _("Thank you, we will see you there.")
                if invitation.reply == MeetingInvitation.Reply.YES
                else _("Thank you for letting us know."),
            )
            return redirect("eraati:rsvp", token=token)
    return render(
        request, "eraati/rsvp.html", {"invitation": invitation, "meeting": invitation.meeting, "form": form}
    )


def _survey_with_visible_results(request, slug) -> Survey:
    survey = get_object_or_404(Survey, slug=slug)
    if not survey.results_are_public() and not request.user.has_perm("eraati.preview_results"):
        raise _Embargoed(survey)
    return survey


class _Embargoed(Exception):
    def __init__(self, survey):
        self.survey = survey


def _exact_requested(request) -> bool:
    """Staff may see the true counts (``?exact=1``); the page and the file say not for publication."""
    return request.GET.get("exact") == "1" and request.user.has_perm("eraati.preview_results")


def results(request, slug):
    try:
        survey = _survey_with_visible_results(request, slug)
    except _Embargoed as embargo:
        return render(request, "eraati/embargo.html", {"survey": embargo.survey}, status=403)
    exact = _exact_requested(request)
    survey_results = disclosure.survey_results(survey, exact=exact)
    background = [r.question for r in survey_results.questions if r.question.type.groups_results]
    by = next((q for q in background if str(q.pk) == request.GET.get("by")), None)
    breakdowns = disclosure.breakdowns(survey_results, by) if by is not None else []
    trends = disclosure.question_trends(selectors.reused_keys(survey)) if not survey.is_deeper else {}
    return render(
        request,
        "eraati/results.html",
        {
            "survey": survey,
            "results": survey_results,
            "preview": not survey.results_are_public(),
            "can_see_exact": request.user.has_perm("eraati.preview_results"),
            "background_questions": background,
            "by": by,
            "breakdowns": breakdowns,
            "trends": trends,
            "survey_title": languages.marked(survey, "title"),
            "publications_url": publications_url(request),
        },
    )


def results_export(request, slug, fmt):
    try:
        survey = _survey_with_visible_results(request, slug)
    except _Embargoed as embargo:
        return render(request, "eraati/embargo.html", {"survey": embargo.survey}, status=403)
    exact = _exact_requested(request)
    rows = disclosure.results_rows(disclosure.survey_results(survey, exact=exact))
    filename = f"{survey.slug}-results-exact-not-for-publication" if exact else f"{survey.slug}-results"
    return _table_response(rows, filename, fmt)


def answers_export(request, slug, fmt):
    """Anonymous answers one response a row: staff only (no suppression: they are not published)."""
    if not request.user.has_perm("eraati.export_answers"):
        raise PermissionDenied
    survey = get_object_or_404(Survey, slug=slug)
    rows = list(selectors.answer_rows(survey))
    services.record_answer_access(request.user, ContactAccessLog.Action.ANSWERS, survey, count=len(rows) - 1)
    return _table_response(rows, f"{survey.slug}-answers", fmt)


def _table_response(rows, filename: str, fmt: str):
    if fmt == "csv":
        # Built whole: under ASGI Django reads a synchronous stream into memory anyway.
        content = io.StringIO()
        writer = csv.writer(content)
        for row in _with_bom(rows):
            writer.writerow(spreadsheets.neutralised(row))
        response = HttpResponse(content.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        for row in rows:
            sheet.append(spreadsheets.xlsx_row(sheet, row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _with_bom(rows):
    """A byte-order mark first, so that spreadsheet programs read the CSV as UTF-8 (ä, ö, å)."""
    first = True
    for row in rows:
        if first:
            row = ["\ufeff" + str(row[0]), *row[1:]]
            first = False
        yield row
