"""Views of the K-talk pages, called by the page models' routes. Reads go through the selectors."""

import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.text import slugify

from kuulluksi import ical

from . import listing, selectors
from .forms import ALL, OPEN, CommitmentFilterForm, KTalkFilterForm
from .models import OPEN_STATUSES, CommitmentStatus

PAST_PER_PAGE = 20
COMMITMENTS_PER_PAGE = 30
DEFAULT_DURATION = datetime.timedelta(hours=2)


def _valid_or_empty(form) -> dict:
    """The valid filters; an invalid one (a stale link, a hand-edited URL) shows its error and is ignored."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def ktalk_index(request, index_page):
    return index_page.render(
        request,
        context_overrides={
            "listing": listing.shared_html(request, index_page, lambda: _index_listing(request, index_page)),
            "commitments_url": index_page.url + index_page.reverse_subpage("commitments"),
            "feed_url": index_page.url + index_page.reverse_subpage("feed"),
        },
    )


def _index_listing(request, index_page) -> tuple[str, datetime.datetime | None]:
    """The index's filter form and lists as HTML, and when the soonest upcoming K-talk begins."""
    form = KTalkFilterForm(request.GET, years=selectors.ktalk_years(index_page))
    values = _valid_or_empty(form)
    filters = selectors.KTalkFilters(
        year=values.get("year"),
        theme_id=values["theme"].pk if values.get("theme") else None,
        host_body_id=values["host"].pk if values.get("host") else None,
        query=(values.get("q") or "").strip(),
    )
    upcoming, past = selectors.filtered_ktalks(index_page, filters)
    html = render_to_string(
        "ktalks/includes/index_listing.html",
        {
            "request": request,  # for the cards' page URLs; the shell's context is the page's own
            "page": index_page,
            "form": form,
            "filtered": any(
                value for value in (filters.year, filters.theme_id, filters.host_body_id, filters.query)
            ),
            "upcoming": upcoming,
            "past_page": Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page")),
            "query_without_page": _query_without_page(request),
        },
    )
    return html, upcoming[0].starts_at if upcoming else None


def commitments(request, index_page):
    form = CommitmentFilterForm(request.GET, years=selectors.commitment_years())
    values = _valid_or_empty(form)
    status = values.get("status") or OPEN
    if status == OPEN:
        statuses = tuple(OPEN_STATUSES)
    elif status == ALL:
        statuses = tuple(CommitmentStatus.values)
    else:
        statuses = (status,)
    filters = selectors.CommitmentFilters(
        statuses=statuses,
        host_body_id=values["host"].pk if values.get("host") else None,
        year=values.get("year"),
    )
    page_obj = Paginator(selectors.commitments(filters), COMMITMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page_obj.object_list = selectors.show_ktalks_in_readers_language(list(page_obj.object_list))
    return index_page.render(
        request,
        template="ktalks/commitments.html",
        context_overrides={
            "form": form,
            "page_obj": page_obj,
            "showing_open": status == OPEN,
            "query_without_page": _query_without_page(request),
        },
    )


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def ktalk_detail(request, ktalk):
    saved = ktalk.pk is not None  # a preview of a page not yet created has no commitments or URL
    return ktalk.render(
        request,
        context_overrides={
            "voices": list(ktalk.voices.all()),
            "decision_makers": list(ktalk.decision_makers.all()),
            "commitments": selectors.commitments_for_ktalk(ktalk) if saved else [],
            "calendar_url": (
                ktalk.url + ktalk.reverse_subpage("calendar") if saved and ktalk.is_upcoming else ""
            ),
        },
    )


def ktalk_calendar(request, ktalk):
    """The event as an iCalendar file; only while it is upcoming."""
    if not ktalk.is_upcoming:
        raise Http404("The K-talk is over.")
    location = ", ".join(part for part in (ktalk.place, ktalk.online_url) if part)
    event = ical.CalendarEvent(
        uid=f"ktalk-{ktalk.pk}@{request.get_host().split(':')[0]}",
        starts_at=ktalk.starts_at,
        ends_at=ktalk.ends_at or ktalk.starts_at + DEFAULT_DURATION,
        summary=ktalk.title,
        description=ktalk.summary,
        location=location,
        url=ktalk.get_full_url(request=request),
    )
    return ical.download(
        event, product_id="-//Kuulluksi//K-talks//FI", filename=slugify(ktalk.slug) or "k-talk"
    )
