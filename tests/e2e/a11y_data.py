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
from chat.models import ChatSession
from eraati.models import Survey
from forum import markup
from forum import services as forum
from forum.models import Category, Post, Topic
from ktalks.models import KTalkIndexPage
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


def sweep_pages(data: SweepData):
    """The pages the accessibility sweeps visit: ``(visitor_pages, member_pages, staff_pages)``.

    Visitor and member pages are ``(path, submit)``: with ``submit``, the sweep presses that button first
    to show the form's error state. Staff pages are ``(user, [path, ...])``, in the Wagtail admin.
    """
    ktalk_index = KTalkIndexPage.objects.get(locale__language_code="fi")
    ktalks = {page.slug: page.url for page in ktalk_index.get_children().live()}
    topic = data.topic.get_absolute_url()
    post_type = ContentType.objects.get_for_model(Post).pk
    upcoming_chat = ChatSession.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    visitor_pages = [
        ("/", None),
        ("/moderation/rules/", None),
        ("/tietosuoja/", None),
        ("/saavutettavuus/", None),
        ("/saavutettavuus/palaute/", "Lähetä"),
        ("/search/?q=asuminen", None),
        ("/search/?q=qwxyzzy", None),
        ("/forum/", None),
        (data.category.get_absolute_url(), None),
        (topic, None),
        (topic + "?page=2", None),
        ("/forum/search/?q=hakemus", None),
        ("/forum/search/?q=qwxyzzy", None),
        (ktalk_index.url, None),
        (ktalks["toimeentulotuki-kuka-kuulee-hakijaa"], None),  # notes, quotes, messages, commitments
        (ktalks["laakekulut-ja-pienituloisen-terveys"], None),  # upcoming
        (ktalk_index.url + ktalk_index.reverse_subpage("commitments") + "?status=all", None),
        ("/eraati/", None),
        (f"/eraati/kysely/{data.open_survey.slug}/", None),
        (f"/eraati/kysely/{data.open_survey.slug}/", "Seuraava"),
        ("/eraati/kiitos/", None),
        (f"/eraati/kysely/{data.results_survey.slug}/tulokset/", None),
        ("/eraati-julkaisut/epos-vuosiraportti/", None),
        ("/eraati-julkaisut/asiakasraadin-muistio/", None),
        ("/chat/", None),
        # Not open yet; the join form and the live chat with messages are checked in test_chat_live.
        (f"/chat/session/{upcoming_chat.pk}/", None),
        ("/accounts/login/", None),
        ("/accounts/signup/", "Rekisteröidy"),
        ("/accounts/password/reset/", None),
        ("/accounts/password/reset/done/", None),
        ("/accounts/confirm-email/", None),
        ("/accounts/confirm-email/not-a-valid-key/", None),
        ("/ei-tallaista-sivua/", None),
        # Swedish and English: translated pages, and untranslated ones shown in Finnish, marked.
        ("/sv/", None),
        ("/sv/tietosuoja/", None),
        (f"/sv/eraati/kysely/{data.open_survey.slug}/", None),
        ("/sv/eraati-julkaisut/", None),
        ("/sv/eraati-julkaisut/epos-vuosiraportti/", None),
        ("/sv/eraati-julkaisut/asiakasraadin-muistio/", None),
        ("/en/k-talkit/", None),
        ("/en/eraati/asiakasraadit/", None),
        ("/en/moderation/rules/", None),
    ]
    member_pages = [
        (data.category.get_absolute_url() + "new/", "Julkaise"),
        (f"/forum/t/{data.topic.pk}/reply/?quote={data.topic.opening_post_id}", None),
        (f"/moderation/report/{post_type}/{data.others_post.pk}/", None),
        (f"/moderation/appeal/{data.appeal.decision_id}/", None),  # appealed already
        (f"/moderation/appeal/{data.unappealed.pk}/", "Lähetä valitus"),  # the form, sent empty
        ("/accounts/profile/", None),
        ("/accounts/notifications/", None),
        ("/forum/following/", None),
        (f"/forum/p/{data.others_post.pk}/delete/", None),  # 403: not the writer's own post
    ]
    # The moderation queue, the decision form, appeals and the filtered log, in the Wagtail admin on a
    # desktop screen.
    appeal_pages = ["/admin/moderation/appeals/", f"/admin/moderation/appeals/{data.appeal.pk}/"]
    staff_pages = [
        (data.moderator, ["/admin/moderation/", f"/admin/moderation/item/{data.held_item.pk}/"]),
        (data.coordinator, [*appeal_pages, "/admin/moderation/log/?action=decision"]),
    ]

    return visitor_pages, member_pages, staff_pages
