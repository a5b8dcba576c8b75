"""Forum settings. Each can be overridden in the Django settings as ``FORUM_<NAME>`` (no edit here needed)."""

from datetime import timedelta

from django.conf import settings


def _get(name, default):
    return getattr(settings, f"FORUM_{name}", default)


def edit_window() -> timedelta:
    """How long after posting an author may still edit their post."""
    return _get("EDIT_WINDOW", timedelta(minutes=30))


def title_max_length() -> int:
    return _get("TITLE_MAX_LENGTH", 120)


def body_max_length() -> int:
    return _get("BODY_MAX_LENGTH", 10_000)


def posts_per_page() -> int:
    return _get("POSTS_PER_PAGE", 20)


def topics_per_page() -> int:
    return _get("TOPICS_PER_PAGE", 25)


def feed_items() -> int:
    return _get("FEED_ITEMS", 20)


def new_user_period() -> timedelta:
    """An account younger than this posts under the new-user limits below."""
    return _get("NEW_USER_PERIOD", timedelta(days=1))


def new_user_min_interval() -> timedelta:
    """Shortest time between two posts by a new user."""
    return _get("NEW_USER_MIN_INTERVAL", timedelta(seconds=60))


def new_user_daily_cap() -> int:
    """How many posts (topics and replies) a new user may write during their first day."""
    return _get("NEW_USER_DAILY_CAP", 10)


def page_cache_seconds() -> int:
    """How long a rendered topic list or (anonymous) post list may be reused at most.

    Every change bumps a version in the cache key, so this only bounds what no version covers
    (e.g. a pseudonym changed by an account deletion).
    """
    return _get("PAGE_CACHE_SECONDS", 300)
