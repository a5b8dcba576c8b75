"""K-talks on the home page: the latest K-talk held, in the reader's language tree (cms/highlights.py)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Locale

from cms.highlights import Highlight

from . import selectors


def home_highlights(request) -> list[Highlight]:
    ktalk = (
        selectors.listed_ktalks()
        .filter(locale=Locale.get_active(), starts_at__lte=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    if ktalk is None:
        return []
    return [
        Highlight(
            label=_("Latest K-talk"),
            title=ktalk.title,
            url=ktalk.get_url(request),
            detail=date_format(timezone.localtime(ktalk.starts_at), "SHORT_DATE_FORMAT"),
            lang_attr=ktalk.lang_attr,
        )
    ]
