"""Forum settings, each with a default so that settings.py needs no entry.

Override any of them in the settings module, e.g. ``FORUM_EDIT_WINDOW = timedelta(hours=1)``.
"""

from datetime import timedelta

from django.conf import settings


def edit_window() -> timedelta:
    """How long after posting an author may still edit their post."""
    return getattr(settings, "FORUM_EDIT_WINDOW", timedelta(minutes=30))


def title_max_length() -> int:
    """Longest topic title, in characters."""
    return getattr(settings, "FORUM_TITLE_MAX_LENGTH", 120)


def body_max_length() -> int:
    """Longest post, in characters."""
    return getattr(settings, "FORUM_BODY_MAX_LENGTH", 10_000)


def posts_per_page() -> int:
    """Posts on one page of a topic."""
    return getattr(settings, "FORUM_POSTS_PER_PAGE", 20)


def topics_per_page() -> int:
    """Topics on one page of a category."""
    return getattr(settings, "FORUM_TOPICS_PER_PAGE", 25)


def feed_items() -> int:
    """Entries in an RSS/Atom feed."""
    return getattr(settings, "FORUM_FEED_ITEMS", 20)


def new_user_period() -> timedelta:
    """An account younger than this posts under the new-user limits below."""
    return getattr(settings, "FORUM_NEW_USER_PERIOD", timedelta(days=1))


def new_user_min_interval() -> timedelta:
    """Shortest time between two posts by a new user."""
    return getattr(settings, "FORUM_NEW_USER_MIN_INTERVAL", timedelta(seconds=60))


def new_user_daily_cap() -> int:
    """How many posts (topics and replies) a new user may write during their first day."""
    return getattr(settings, "FORUM_NEW_USER_DAILY_CAP", 10)


def page_cache_seconds() -> int:
    """How long a rendered topic list or (anonymous) post list may be reused at most.

    Every change bumps a version in the cache key, so this only bounds what no version covers
    (e.g. a pseudonym changed by an account deletion).
    """
    return getattr(settings, "FORUM_PAGE_CACHE_SECONDS", 300)
