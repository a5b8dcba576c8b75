"""The peer chat on the home page: the chat open now or the next one (cms/highlights.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.highlights import Highlight

from . import selectors


def home_highlights(request) -> list[Highlight]:
    session = selectors.next_open_session()
    if session is None:
        return []
    if session.starts_at <= timezone.now():
        detail = _("Open now, until %(time)s") % {
            "time": date_format(timezone.localtime(session.ends_at), "TIME_FORMAT")
        }
    else:
        detail = _("Opens %(when)s") % {
            "when": date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        }
    return [
        Highlight(
            label=_("Peer chat"),
            title=session.title,
            url=reverse("chat:session", kwargs={"pk": session.pk}),
            detail=detail,
            lang_attr=session.lang_attr["title"],
        )
    ]
