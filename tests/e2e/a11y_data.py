"""The demo site plus what the demo leaves out, for the accessibility sweeps: a topic with a quote,
thanks and a second page, a held post in the moderation queue, a removal with an appeal, a hidden
post not yet appealed, and survey results that are public. Everything goes through the services."""

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from eraati.models import Survey
from forum import markup
from forum import services as forum
from forum.models import Category, Post, Topic
from moderation import services as moderation
from moderation.models import Appeal, Decision, DecisionAction, QueueItem, Rule

# The demo's forum replies sit on one page; the sweeps set FORUM_POSTS_PER_PAGE to this to get two.
POSTS_PER_PAGE = 3


@dataclass(frozen=True)
class SweepData:
    citizen: object  # the demo citizen, author of the removed post and its appeal
    moderator: object  # the demo peer moderator
    coordinator: object  # decides appeals
    topic: Topic  # quote, thanks, two pages
    category: Category
    held_item: QueueItem  # a new member's post waiting for a moderator
    appeal: Appeal  # the citizen's appeal of the removal, waiting for a coordinator
    unappealed: Decision  # hiding another of the citizen's posts: the appeal form is open
    open_survey: Survey
    results_survey: Survey  # closed: its results are public
    others_post: Post  # the moderator's quoting reply: the citizen may report it but not delete it (403)


def build() -> SweepData:
    call_command("load_demo", stdout=io.StringIO())
    users = {user.username: user for user in get_user_model().objects.all()}
    citizen, moderator = users["kansalainen"], users["vapaaehtoinen"]
    topic = Topic.objects.get(title__startswith="Kauanko toimeentulotukihakemuksen")
    first = topic.opening_post
    reply = forum.post_reply(
        author=moderator,
        topic=topic,
        body=markup.quote(citizen.public_name, first.body) + "Sama kokemus täällä.",
        apply_new_user_limits=False,
    )
    forum.toggle_thanks(user=citizen, post=reply)
    forum.toggle_thanks(user=moderator, post=first)

    newcomer = get_user_model().objects.create_user(
        username="uusi-jasen", email="uusi@example.org", password=DEMO_PASSWORD
    )
    held = forum.create_topic(
        author=newcomer,
        category=topic.category,
        title="Ensimmäinen viestini",
        body="Hei kaikki, olen uusi täällä.",
    )
    held_item = QueueItem.objects.get(
        content_type=ContentType.objects.get_for_model(Post),
        object_id=str(held.opening_post.pk),
        status=QueueItem.Status.OPEN,
    )

    removed = forum.post_reply(
        author=citizen, topic=topic, body="Tämä viesti poistetaan.", apply_new_user_limits=False
    )
    decision = moderation.decide_content(
        removed,
        moderator=moderator,
        action=DecisionAction.REMOVE,
        rule=Rule.objects.order_by("number").first(),
    )
    appeal = moderation.file_appeal(decision, author=citizen, text="Viestissäni ei ollut mitään väärää.")
    hidden = forum.post_reply(
        author=citizen, topic=topic, body="Tämä viesti piilotetaan.", apply_new_user_limits=False
    )
    unappealed = moderation.decide_content(
        hidden, moderator=moderator, action=DecisionAction.HIDE, rule=Rule.objects.order_by("number").first()
    )

    return SweepData(
        citizen=citizen,
        moderator=moderator,
        coordinator=users["koordinaattori"],
        topic=topic,
        category=topic.category,
        held_item=held_item,
        appeal=appeal,
        unappealed=unappealed,
        open_survey=Survey.objects.filter(slug__startswith="eraati-", closes_at__gt=timezone.now()).get(),
        results_survey=Survey.objects.filter(closes_at__lt=timezone.now()).order_by("-closes_at").first(),
        others_post=reply,
    )
