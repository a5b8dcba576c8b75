"""eRaati on the home page: the survey open now and the latest published results (cms/highlights.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.highlights import Highlight

from . import selectors


def home_highlights(request) -> list[Highlight]:
    found = []
    survey = selectors.open_surveys().first()
    if survey is not None:
        closes = date_format(timezone.localtime(survey.closes_at), "SHORT_DATE_FORMAT")
        found.append(
            Highlight(
                label=_("Survey open now"),
                title=survey.title,
                url=reverse("eraati:answer", args=[survey.slug]),
                detail=_("Open until %(date)s") % {"date": closes},
                lang_attr=survey.lang_attr["title"],
            )
        )
    results = selectors.surveys_with_public_results().first()
    if results is not None:
        found.append(
            Highlight(
                label=_("Latest results"),
                title=results.title,
                url=reverse("eraati:results", args=[results.slug]),
                lang_attr=results.lang_attr["title"],
            )
        )
    return found
