"""Data migrations of the forum, run on rows that existed before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_existing_topics_get_the_count_of_their_held_posts(migrator):
    """A signed-in reader's pager trusts ``held_count``: a topic that had held posts before the field
    existed must not start at 0, or those readers would be shown pages that skip posts."""
    before = [("forum", "0004_writers_language")]
    after = [("forum", "0005_held_posts_counted")]
    executor = migrator
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("accounts", "User").objects.create(username="kirjoittaja", email="k@example.org")
    category = old.get_model("forum", "Category").objects.create(name="Yleinen", slug="yleinen")
    topic_model, post_model = old.get_model("forum", "Topic"), old.get_model("forum", "Post")
    states = {"kolme odottaa": ["held", "held", "published", "held"], "ei odota": ["published", "hidden"]}
    for title, post_states in states.items():
        topic = topic_model.objects.create(category=category, title=title, author=user)
        for state in post_states:
            post_model.objects.create(
                topic=topic, author=user, body="x", body_html="x", moderation_state=state
            )
    topic_model.objects.create(category=category, title="tyhjä", author=user)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    topics = executor.loader.project_state(after).apps.get_model("forum", "Topic").objects
    assert dict(topics.values_list("title", "held_count")) == {"kolme odottaa": 3, "ei odota": 0, "tyhjä": 0}
