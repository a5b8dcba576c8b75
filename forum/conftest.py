"""Forum fixtures: factories with keyword-only arguments; content is made through the services."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from forum import services
from forum.models import Category

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _finnish():
    """Service messages come in the active language; a request in another language must not leak."""
    with translation.override("fi"):
        yield


@pytest.fixture(autouse=True)
def _no_first_post_review(settings):
    """Moderation holds a new member's first posts; the forum tests that want that say so."""
    settings.MODERATION_NEW_USER_HELD_POSTS = 0


@pytest.fixture
def make_member(make_user):
    """make_member(**make_user kwargs, days=30): a user whose account is older than the new-user period."""

    def factory(*, days=30, **kwargs):
        user = make_user(**kwargs)
        user.date_joined = timezone.now() - timedelta(days=days)
        user.save(update_fields=["date_joined"])
        return user

    return factory


@pytest.fixture
def make_category(db):
    def factory(*, name=None, slug=None, description=""):
        n = next(_numbers)
        return Category.objects.create(
            name=name or f"Alue {n}", slug=slug or f"alue-{n}", description=description, position=n
        )

    return factory


@pytest.fixture
def make_topic(make_member, make_category):
    """make_topic(author=None, category=None, title=..., body=..., replies=0) -> Topic."""

    def factory(*, author=None, category=None, title=None, body="Aloitusviesti.", replies=0):
        author = author or make_member()
        topic = services.create_topic(
            author=author,
            category=category or make_category(),
            title=title or f"Keskustelu {next(_numbers)}",
            body=body,
            apply_new_user_limits=False,
        )
        for number in range(replies):
            services.post_reply(
                author=author, topic=topic, body=f"Vastaus {number + 1}", apply_new_user_limits=False
            )
        topic.refresh_from_db()
        return topic

    return factory


@pytest.fixture
def member(make_member):
    return make_member(pseudonym="jasen")


@pytest.fixture
def moderator(make_member):
    return make_member(pseudonym="moderaattori", role="peer_moderator")
