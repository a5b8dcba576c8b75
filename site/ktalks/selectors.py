"""Read queries for K-talk pages; each list runs a fixed number of queries whatever the data size."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.lookups import StartsWith
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from cms.search import search_terms
from kuulluksi import dates, languages

from .models import OPEN_STATUSES, Commitment, CommitmentUpdate, KTalkIndexPage, KTalkPage

FEED_SIZE = 20


@dataclass(frozen=True)
class KTalkFilters:
    year: int | None = None
    theme_id: int | None = None
    host_body_id: int | None = None
    query: str = ""


@dataclass(frozen=True)
class CommitmentFilters:
    statuses: tuple[str, ...] = tuple(OPEN_STATUSES)
    host_body_id: int | None = None
    year: int | None = None


def listed_ktalks() -> PageQuerySet:
    """K-talks anyone may read: published and without a view restriction on them or above them.

    Every list outside Wagtail's own views starts here (or from ``live_ktalks``): a list is read by
    anyone, so a restricted page must not show up in it, nor anything hanging off it. The restrictions
    are looked up inside the list's own query (one whose page's tree path begins the K-talk's path is on
    it or above it), where Wagtail's ``public()`` reads them all in a query of their own each time a list
    is built, and writes one condition per restriction into the list's query.
    """
    restricted_here_or_above = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))
    )
    return KTalkPage.objects.live().exclude(Exists(restricted_here_or_above))


def live_ktalks(index_page: KTalkIndexPage) -> PageQuerySet:
    return listed_ktalks().child_of(index_page)


def ktalk_years(index_page: KTalkIndexPage) -> list[int]:
    """The years that have K-talks, newest first (for the year filter)."""
    years = live_ktalks(index_page).dates("starts_at", "year", order="DESC")
    return [value.year for value in years]


def filtered_ktalks(index_page: KTalkIndexPage, filters: KTalkFilters) -> tuple[list, QuerySet]:
    """Upcoming K-talks (soonest first, all of them) and past ones (newest first, as a query for the
    caller to read a page of), filtered and searched."""
    ktalks = live_ktalks(index_page).select_related("host_body", "theme", "locale")
    if filters.year:
        start, end = dates.year_range(filters.year)
        ktalks = ktalks.filter(starts_at__gte=start, starts_at__lt=end)
    if filters.theme_id:
        ktalks = ktalks.filter(theme_id=filters.theme_id)
    if filters.host_body_id:
        ktalks = ktalks.filter(host_body_id=filters.host_body_id)
    terms = search_terms(filters.query)
    if terms:
        # The search index filters only on what it indexes: the restrictions apply to ``ktalks`` itself.
        matching = KTalkPage.objects.live().child_of(index_page).search(terms, order_by_relevance=False)
        ktalks = ktalks.filter(pk__in=[page.pk for page in matching])
    now = timezone.now()
    upcoming = list(ktalks.filter(starts_at__gte=now).order_by("starts_at", "pk"))
    past = ktalks.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return upcoming, past


def _updates_prefetch() -> Prefetch:
    return Prefetch("updates", queryset=CommitmentUpdate.objects.order_by("date", "pk"))


def commitments_for_ktalk(ktalk: KTalkPage) -> list[Commitment]:
    """The commitments made at ``ktalk``, in whichever language's page tree it stands (they are recorded
    against one page of the K-talk; its translations and aliases share its translation key)."""
    return list(
        Commitment.objects.filter(ktalk__translation_key=ktalk.translation_key)
        .select_related("decision_maker")
        .prefetch_related(_updates_prefetch())
        .order_by("pk")
    )


def commitments(filters: CommitmentFilters) -> QuerySet[Commitment]:
    """Commitments of public K-talks across the site (open ones by default), newest K-talk first."""
    found = Commitment.objects.filter(ktalk__in=listed_ktalks().values("pk"), status__in=filters.statuses)
    if filters.host_body_id:
        found = found.filter(ktalk__host_body_id=filters.host_body_id)
    if filters.year:
        start, end = dates.year_range(filters.year)
        found = found.filter(ktalk__starts_at__gte=start, ktalk__starts_at__lt=end)
    return (
        found.select_related("ktalk", "ktalk__host_body", "decision_maker")
        .prefetch_related(_updates_prefetch())
        .order_by("-ktalk__starts_at", "pk")
    )


def show_ktalks_in_readers_language(commitments: list[Commitment]) -> list[Commitment]:
    """Give each commitment ``ktalk_shown``: its K-talk's page in the reader's language tree (the
    translation, or the alias showing the Finnish page), so that a link from the list keeps the
    language. A commitment is recorded against one page of its K-talk; one query for the whole list."""
    keys = {commitment.ktalk.translation_key for commitment in commitments}
    shown = {
        page.translation_key: page
        for page in KTalkPage.objects.filter(
            translation_key__in=keys, locale__language_code=languages.active()
        ).select_related("host_body", "locale")
    }
    for commitment in commitments:
        commitment.ktalk_shown = shown.get(commitment.ktalk.translation_key, commitment.ktalk)
    return commitments


def commitment_years() -> list[int]:
    years = listed_ktalks().filter(commitments__isnull=False).dates("starts_at", "year", order="DESC")
    return [value.year for value in years]


def notes_for_feed(index_page: KTalkIndexPage) -> list[KTalkPage]:
    """K-talks that have happened and have notes, the most recently published first."""
    pages = (
        live_ktalks(index_page)
        .filter(starts_at__lt=timezone.now())
        .select_related("host_body")
        .order_by("-last_published_at")[: FEED_SIZE * 2]
    )
    return [page for page in pages if len(page.notes)][:FEED_SIZE]
