"""Staff and personal pages print what people wrote escaped: no payload of the XSS corpus that contains
markup appears raw in the HTML (the quick server-side half of the browser tests in tests/e2e/)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts import roles
from accounts.notifications import notify
from eraati import conftest as eraati_fixtures
from eraati.conftest import opted_in
from forum import services as forum
from forum.models import Category
from moderation import services as moderation
from moderation.models import QueueItem, Rule
from tests.xss import one_line_payloads, xss_payloads

pytestmark = pytest.mark.django_db

make_survey = eraati_fixtures.make_survey
answer = eraati_fixtures.answer
MARKUP = [payload for payload in xss_payloads() if "<" in payload]


def _assert_escaped(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    raw = [payload for payload in MARKUP if payload in html]
    assert raw == [], url


def test_free_text_answers_and_contacts_are_escaped_for_staff(client, make_survey, answer, make_user):
    survey = make_survey()
    for payload in MARKUP:
        answer(survey, {"free-word": payload})
    for payload in one_line_payloads(100):
        opted_in(name=payload, phone=payload[:30], wants_councils=True)
    client.force_login(make_user(role=roles.SOCIAL_WORK_STAFF))
    _assert_escaped(client, reverse("eraati_contacts:free_text", args=[survey.pk]))
    _assert_escaped(client, reverse("eraati_contacts:index"))


def test_held_posts_report_notes_and_notifications_are_escaped(client, make_user, home_page, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1000  # the new author's replies all wait in the queue
    moderator = make_user(role=roles.PEER_MODERATOR)
    author = make_user()
    author.date_joined -= timedelta(days=30)  # past the new-account posting limits
    author.save(update_fields=["date_joined"])
    category = Category.objects.create(name="Testialue", slug="testialue")
    topic = forum.create_topic(author=moderator, category=category, title="Otsikko", body="Aloitus")
    posts = [forum.post_reply(author=author, topic=topic, body=payload) for payload in MARKUP]
    rule = Rule.objects.order_by("number").first()
    for payload in one_line_payloads(1000)[:20]:
        moderation.report_content(posts[-1], reporter=make_user(), rule=rule, note=payload)
        notify(author, title=payload[:200], body=payload)
    client.force_login(moderator)
    _assert_escaped(client, reverse("moderation_queue:index"))
    for item in QueueItem.objects.filter(object_id__in=[str(posts[0].pk), str(posts[-1].pk)]):
        _assert_escaped(client, reverse("moderation_queue:item", args=[item.pk]))
    client.force_login(author)
    _assert_escaped(client, reverse("accounts:notifications"))
