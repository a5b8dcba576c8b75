"""Fixtures shared by every app's tests. Factories are functions with keyword-only arguments."""

import itertools

import pytest
from django.core.cache import cache

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments live in the cache: every test starts from an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request under /sv/ or /en/ leaves its language active in this thread; every test starts in Finnish."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def home_page(db):
    from cms.setup import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def make_user(db):
    """Return a factory: make_user(role="citizen", pseudonym=None, email=None, password=..., verified=True)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def factory(
        *,
        role="citizen",
        pseudonym=None,
        email=None,
        password="correct-horse-42",
        verified=True,
        language="fi",
        superuser=False,
    ):
        n = next(_counter)
        pseudonym = pseudonym or f"user{n}"
        email = email or f"{pseudonym}@example.org"
        user = get_user_model().objects.create_user(
            username=pseudonym,
            email=email,
            password=password,
            language=language,
            is_superuser=superuser,
            is_staff=superuser,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return factory
