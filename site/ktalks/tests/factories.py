"""Builders for K-talk test data, shared by pytest fixtures and TestCase classes."""

import datetime
import itertools

from django.utils import timezone

from cms.setup import ensure_home_page
from ktalks import services
from ktalks.models import DecisionMaker, HostBody, KTalkIndexPage, KTalkPage, Theme, VoiceOfExperience

_counter = itertools.count(1)


def index_page() -> KTalkIndexPage:
    home = ensure_home_page()
    existing = KTalkIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    page = home.add_child(instance=KTalkIndexPage(title="K-talkit", slug="k-talkit", intro="Johdanto"))
    services.ensure_notes_workflow(page)
    return page


def host_body(*, name=None, kind=HostBody.Kind.PARLIAMENTARY_COMMITTEE) -> HostBody:
    return HostBody.objects.create(name=name or f"Isäntä {next(_counter)}", kind=kind)


def theme(*, name=None) -> Theme:
    return Theme.objects.create(name=name or f"Teema {next(_counter)}")


def decision_maker(*, name=None, title="kansanedustaja") -> DecisionMaker:
    return DecisionMaker.objects.create(name=name or f"Päättäjä {next(_counter)}", title=title)


def ktalk(
    *,
    parent=None,
    title=None,
    starts_at=None,
    host=None,
    theme=None,
    summary="Tiivistelmä",
    notes=(),
    voices=(),
    place="Pikkuparlamentti, Helsinki",
    online_url="",
    live=True,
) -> KTalkPage:
    """A K-talk under the index; ``starts_at`` defaults to 30 days ago (a past event)."""
    n = next(_counter)
    parent = parent or index_page()
    page = KTalkPage(
        title=title or f"K-talk {n}",
        slug=f"k-talk-{n}",
        starts_at=starts_at or timezone.now() - datetime.timedelta(days=30),
        place=place,
        online_url=online_url,
        host_body=host or host_body(),
        theme=theme,
        summary=summary,
        notes=list(notes),
        live=live,
    )
    for pseudonym in voices:
        page.voices.add(
            VoiceOfExperience(pseudonym=pseudonym, consent_given=True, consent_date=timezone.localdate())
        )
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page
