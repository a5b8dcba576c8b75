"""Moderation settings, each with a default so that no settings.py edit is needed."""

from django.conf import settings


def new_user_held_posts() -> int:
    """How many first submissions of a new account wait for a moderator before being shown."""
    return getattr(settings, "MODERATION_NEW_USER_HELD_POSTS", 2)


def report_hide_threshold() -> int:
    """How many reports by trusted people hide an item until a moderator has looked at it."""
    return getattr(settings, "MODERATION_REPORT_HIDE_THRESHOLD", 3)


def trusted_reporter_min_posts() -> int:
    """A reporter counts as trusted after this many published submissions (moderators always do)."""
    return getattr(settings, "MODERATION_TRUSTED_REPORTER_MIN_POSTS", 5)
