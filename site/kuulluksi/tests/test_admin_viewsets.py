"""Deleting in the admin what other records still refer to is refused with a message, not a server error."""

import pytest
from django.urls import reverse

from accounts import roles
from forum import services as forum
from forum.models import Category
from ktalks.models import HostBody
from ktalks.tests import factories

pytestmark = pytest.mark.django_db

REFUSED = "ei voi poistaa, koska muut tiedot viittaavat siihen"


@pytest.fixture
def coordinator(client, make_user, home_page):
    user = make_user(role=roles.COORDINATOR, superuser=True)
    client.force_login(user)
    return user


def test_category_with_topics_is_kept_and_the_coordinator_told_why(client, coordinator, make_user):
    category = Category.objects.create(name="Asuminen", slug="asuminen")
    forum.create_topic(author=make_user(), category=category, title="Vuokrat", body="Liian korkeat.")
    response = client.post(reverse("forum_categories:delete", args=[category.pk]), follow=True)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Category.objects.filter(pk=category.pk).exists()


def test_empty_category_is_deleted(client, coordinator):
    category = Category.objects.create(name="Tyhjä", slug="tyhja")
    response = client.post(reverse("forum_categories:delete", args=[category.pk]))
    assert response.status_code == 302
    assert not Category.objects.filter(pk=category.pk).exists()


def test_host_body_of_a_ktalk_is_kept_and_the_coordinator_told_why(client, coordinator):
    host = factories.host_body(name="Sosiaali- ja terveysvaliokunta")
    factories.ktalk(host=host)
    response = client.post(reverse("wagtailsnippets_ktalks_hostbody:delete", args=[host.pk]), follow=True)
    assert REFUSED in response.content.decode()
    assert HostBody.objects.filter(pk=host.pk).exists()
