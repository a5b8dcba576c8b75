"""Fixtures for the moderation tests. Factories take keyword-only arguments."""

import pytest

from testing.moderation import create_sample_table, submit


@pytest.fixture(scope="session")
def _sample_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        create_sample_table()


@pytest.fixture
def sample_model(_sample_table, db):
    from django.contrib.contenttypes.models import ContentType

    from moderation.tests.sample import SampleContent

    # A test that created the content type inside its (rolled-back) transaction leaves a stale cache.
    ContentType.objects.clear_cache()

    return SampleContent


@pytest.fixture
def rule(db):
    from moderation.models import Rule

    return Rule.objects.get(number=2)


@pytest.fixture
def veteran(make_user):
    """Return a factory for people whose posts are no longer pre-moderated."""
    from moderation.models import ContributorStanding

    def factory(**kwargs):
        user = make_user(**kwargs)
        ContributorStanding.objects.create(user=user, published_count=10)
        return user

    return factory


@pytest.fixture
def post(sample_model):
    """Return post(author=..., text=..., thread=...) -> (item or None, verdict), through the real pipeline."""
    return submit


@pytest.fixture
def moderator(make_user):
    return make_user(role="peer_moderator", pseudonym="vapaaehtoinen1")


@pytest.fixture
def coordinator(make_user):
    return make_user(role="coordinator", pseudonym="koordinaattori1")
