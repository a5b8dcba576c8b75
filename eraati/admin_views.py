"""Staff views in the Wagtail admin: contacts, invitations, attendance, free-text quotes, access log.

Every view checks its permission itself; every view or export of contacts writes the access log.
"""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require
from kuulluksi import spreadsheets

from . import selectors, services
from .models import ContactAccessLog, Meeting, Survey

CONTACTS_PERMISSION = services.CONTACTS_PERMISSION


def contacts(request):
    require(request.user, CONTACTS_PERMISSION)
    interest = request.GET.get("interest", "")
    rows = list(selectors.contacts(interest=interest))
    services.record_contact_access(
        request.user, ContactAccessLog.Action.LIST, detail=f"interest={interest}", contact_count=len(rows)
    )
    return TemplateResponse(
        request,
        "eraati/admin/contacts.html",
        {
            "page_title": _("Opt-in contacts"),
            "header_icon": "group",
            "contacts": rows,
            "interest": interest,
            "deeper_surveys": Survey.objects.filter(kind=Survey.Kind.DEEPER).order_by("-opens_at"),
            "meetings": Meeting.objects.select_related("council").order_by("-starts_at")[:20],
        },
    )


def contacts_export(request):
    require(request.user, CONTACTS_PERMISSION)
    interest = request.GET.get("interest", "")
    rows = list(selectors.contacts(interest=interest))
    services.record_contact_access(
        request.user, ContactAccessLog.Action.EXPORT, detail=f"interest={interest}", contact_count=len(rows)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="eraati-contacts.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        [_("name"), _("e-mail"), _("phone"), _("deeper surveys"), _("client councils"), _("deleted on")]
    )
    for contact in rows:
        writer.writerow(
            spreadsheets.neutralised(
                [
                    contact.name,
                    contact.email,
                    contact.phone,
                    int(contact.wants_surveys),
                    int(contact.wants_councils),
                    contact.expires_on.isoformat(),
                ]
            )
        )
    return response


@require_POST
def invite_to_survey(request, survey_id):
    require(request.user, CONTACTS_PERMISSION)
    survey = get_object_or_404(Survey, pk=survey_id, kind=Survey.Kind.DEEPER)
    count = services.invite_to_survey(request.user, survey, selectors.contacts(interest="surveys"))
    messages.success(request, _("%(count)s invitation(s) are being sent.") % {"count": count})
    return redirect("eraati_contacts:index")


@require_POST
def invite_to_meeting(request, meeting_id):
    require(request.user, CONTACTS_PERMISSION)
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    count = services.invite_to_meeting(request.user, meeting, selectors.contacts(interest="councils"))
    messages.success(request, _("%(count)s invitation(s) are being sent.") % {"count": count})
    return redirect("eraati_contacts:index")


def attendance(request, meeting_id):
    require(request.user, CONTACTS_PERMISSION)
    meeting = get_object_or_404(Meeting.objects.select_related("council"), pk=meeting_id)
    invitations = list(selectors.attendance(meeting))
    services.record_contact_access(
        request.user,
        ContactAccessLog.Action.ATTENDANCE,
        detail=f"meeting {meeting.pk}",
        contact_count=len(invitations),
    )
    return TemplateResponse(
        request,
        "eraati/admin/attendance.html",
        {
            "page_title": _("Attendance: %(meeting)s") % {"meeting": meeting},
            "header_icon": "group",
            "meeting": meeting,
            "invitations": invitations,
            "coming": sum(1 for invitation in invitations if invitation.reply == "yes"),
        },
    )


def free_text(request, survey_id):
    """Free-text answers of one survey, for staff to pick (and then redact) quotes."""
    require(request.user, "eraati.add_quote")
    survey = get_object_or_404(Survey, pk=survey_id)
    answers = list(selectors.free_text_answers(survey))
    for answer in answers:
        answer.digest = selectors.free_text_digest(answer.text)
    services.record_answer_access(request.user, ContactAccessLog.Action.FREE_TEXT, survey, count=len(answers))
    return TemplateResponse(
        request,
        "eraati/admin/free_text.html",
        {
            "page_title": _("Free-text answers: %(survey)s") % {"survey": survey},
            "header_icon": "openquote",
            "survey": survey,
            "answers": answers,
        },
    )


@require_POST
def pick_quote(request, survey_id):
    """Copy the free-text answer named by its question and the digest of its text into a quote."""
    require(request.user, "eraati.add_quote")  # before the lookup: a 404 would tell outsiders which ids exist
    answer = selectors.free_text_answer(
        get_object_or_404(Survey, pk=survey_id),
        question_id=request.POST.get("question", ""),
        digest=request.POST.get("digest", ""),
    )
    if answer is None:
        raise Http404
    quote = services.pick_quote(request.user, answer)
    messages.success(request, _("Quote copied. Remove anything identifying, then publish it."))
    return redirect(reverse("eraati_quote:edit", args=[quote.pk]))


def access_log(request):
    require(request.user, "eraati.view_contactaccesslog")
    return TemplateResponse(
        request,
        "eraati/admin/access_log.html",
        {
            "page_title": _("Contact access log"),
            "header_icon": "history",
            "entries": ContactAccessLog.objects.select_related("user")[:500],
        },
    )
