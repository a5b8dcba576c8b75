"""Searching the forum through the Wagtail search backend.

PostgreSQL full-text search with the ``finnish`` configuration in production, SQLite FTS on the
embedded default (``WAGTAILSEARCH_BACKENDS`` in the settings). Only what everyone may read is found.

Topics and posts index the base forms and compound parts of their words too (``title_base_forms``,
``body_base_forms``: ``kuulluksi.finnish.index_text``), and a query is searched by its words' base
forms (``query_text``): *hakemus* finds *hakemuksen*, *asunto* finds *vuokra-asunnon*, *Kela* finds
*Kelaan*, on both databases alike.
"""

from wagtail.search.backends import get_search_backend

from cms.search import SearchHit, search_terms
from kuulluksi import finnish

from . import markup
from .models import Post, Topic
from .selectors import published_posts

# How many post hits are read from the index before those in hidden topics are dropped.
_POST_CANDIDATES = 60


def _base_forms(terms: str) -> str:
    return finnish.query_text(terms) or terms


def _topics(query: str, limit: int) -> list[Topic]:
    query = _base_forms(query)
    results = get_search_backend().search(query, Topic.objects.filter(is_public=True), operator="and")
    return list(results[:limit])


def _posts(query: str, limit: int) -> list[Post]:
    query = _base_forms(query)
    hits = get_search_backend().search(query, published_posts(), operator="and")
    ids = [post.pk for post in hits[:_POST_CANDIDATES]]
    found = {
        post.pk: post
        for post in published_posts()
        .filter(pk__in=ids, topic__is_public=True)
        .select_related("topic__category", "author")
    }
    return [found[pk] for pk in ids if pk in found][:limit]


def search_forum(query: str, *, user=None, limit: int = 20) -> dict:
    """Topics whose title matches and posts whose text matches, best first."""
    terms = search_terms(query)
    if not terms:
        return {"topics": [], "posts": []}
    return {"topics": _topics(terms, limit), "posts": _posts(terms, limit)}


def search_topics(query: str, limit: int = 10, *, request=None) -> list[SearchHit]:
    """The forum's search provider for the site-wide search page (``cms.search``).

    Up to ``limit`` public topics, matching by title or by the text of a published post in them, as
    ``SearchHit(title, url, summary)``; the summary is the plain text of the matching post, if any.
    Everything returned is public, so ``request`` changes nothing.
    """
    terms = search_terms(query or "")
    if not terms:
        return []
    topics = {topic.pk: topic for topic in _topics(terms, limit)}
    summaries = {}
    for post in _posts(terms, limit):
        topics.setdefault(post.topic_id, post.topic)
        summaries.setdefault(post.topic_id, markup.plain_excerpt(post.body_html))
    return [
        SearchHit(title=topic.title, url=topic.get_absolute_url(), summary=summaries.get(topic.pk, ""))
        for topic in list(topics.values())[:limit]
    ]
