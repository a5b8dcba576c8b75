"""One small but complete site for the access-control tests: a user per role and a real object behind
every URL kwarg (a survey, a contact, a chat session, a topic, a report, an appeal, a sanction, a K-talk).

Everything is made through the services, as the site itself would make it.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone

from accounts import roles
from accounts.notifications import notify
from chat import services as chat_services
from chat.models import ChatSession, CrisisContact, Room, SessionSeries
from cms.setup import setup_site
from eraati import services as eraati_services
from eraati.conftest import opted_in
from eraati.models import Answer, Council, Meeting, Question, Quote, Survey
from forum import services as forum_services
from forum.models import Category
from ktalks import services as ktalk_services
from ktalks.models import Commitment
from ktalks.tests import factories as ktalk_factories
from moderation import services as moderation_services
from moderation.models import DecisionAction, QueueItem, Rule, SanctionKind, WatchedTerm, WatchList

ANONYMOUS = "anonymous"
CITIZEN = roles.CITIZEN
PEER_MODERATOR = roles.PEER_MODERATOR
COORDINATOR = roles.COORDINATOR
SOCIAL_WORK_STAFF = roles.SOCIAL_WORK_STAFF
KTALK_APPROVER = ktalk_services.APPROVER_GROUP
SUPERUSER = "superuser"

ROLES = (ANONYMOUS, CITIZEN, PEER_MODERATOR, COORDINATOR, SOCIAL_WORK_STAFF, KTALK_APPROVER, SUPERUSER)
PASSWORD = "correct-horse-42"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> user (None for anonymous)
    objects: dict = field(default_factory=dict)  # name -> object


def _user(username: str, *groups: str, superuser: bool = False):
    from allauth.account.models import EmailAddress

    email = f"{username}@example.org"
    user = get_user_model().objects.create_user(
        username=username, email=email, password=PASSWORD, is_superuser=superuser, is_staff=superuser
    )
    user.date_joined = timezone.now() - datetime.timedelta(days=60)  # past the new-user review period
    user.save(update_fields=["date_joined"])
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _survey(slug: str, *, kind=Survey.Kind.MONTHLY, results_on=None) -> Survey:
    now = timezone.now()
    survey = Survey.objects.create(
        title=f"Kysely {slug}",
        slug=slug,
        kind=kind,
        intro="Kerro kokemuksesi.",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        results_on=results_on,
    )
    Question.objects.create(
        survey=survey, sort_order=0, key="free-word", kind=Question.Kind.TEXT, text="Vapaa sana"
    )
    return survey


def _session(room: Room, title: str, *, starts_in=datetime.timedelta(minutes=-5)) -> ChatSession:
    starts_at = timezone.now() + starts_in
    return ChatSession.objects.create(
        room=room, title=title, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )


@override_settings(MODERATION_NEW_USER_HELD_POSTS=0)
def build_world() -> World:
    world = World()
    users = world.users
    users[ANONYMOUS] = None
    users[CITIZEN] = _user("kansalainen", roles.CITIZEN)
    users[PEER_MODERATOR] = _user("vertaisohjaaja", roles.PEER_MODERATOR)
    users[COORDINATOR] = _user("koordinaattori", roles.COORDINATOR)
    users[SOCIAL_WORK_STAFF] = _user("sosiaalityo", roles.SOCIAL_WORK_STAFF)
    home = setup_site()
    ktalk_index = ktalk_factories.index_page()  # creates the approver group and its page permissions
    users[KTALK_APPROVER] = _user("hyvaksyja", KTALK_APPROVER)
    users[SUPERUSER] = _user("paakayttaja", superuser=True)
    # People the objects belong to; none of them is a role under test.
    author = _user("kirjoittaja", roles.CITIZEN)
    reporter = _user("ilmoittaja", roles.CITIZEN)
    host = _user("paivystaja", roles.PEER_MODERATOR)
    member = _user("ryhmalainen", roles.CITIZEN)

    o = world.objects
    o.update(home=home, ktalk_index=ktalk_index, author=author, reporter=reporter, host=host, member=member)

    # --- K-talks ---
    ktalk = ktalk_factories.ktalk(parent=ktalk_index)
    decision_maker = ktalk_factories.decision_maker()
    o.update(
        ktalk=ktalk,
        host_body=ktalk.host_body,
        theme=ktalk_factories.theme(),
        decision_maker=decision_maker,
        commitment=Commitment.objects.create(
            ktalk=ktalk, decision_maker=decision_maker, promise="Selvitetään."
        ),
    )

    # --- Moderation and the forum ---
    rule = (
        Rule.objects.filter(is_active=True).exclude(number=1).order_by("number").first()
    )  # 1 protects criticism
    watch_list = WatchList.objects.first()
    category = Category.objects.create(name="Yleinen", slug="yleinen", position=1)
    topic = forum_services.create_topic(
        author=author, category=category, title="Asumisesta", body="Aloitus.", apply_new_user_limits=False
    )
    reply = forum_services.post_reply(
        author=author, topic=topic, body="Vastaus.", apply_new_user_limits=False
    )
    reported = forum_services.post_reply(
        author=author, topic=topic, body="Ilmoitettu viesti.", apply_new_user_limits=False
    )
    moderation_services.report_content(reported, reporter=reporter, rule=rule, note="Rasistinen.")
    removed = forum_services.post_reply(
        author=author, topic=topic, body="Poistettu.", apply_new_user_limits=False
    )
    moderation_services.report_content(removed, reporter=reporter, rule=rule)
    removed_item = QueueItem.objects.get(object_id=str(removed.pk))
    decision = moderation_services.decide(
        removed_item, moderator=host, action=DecisionAction.REMOVE, rule=rule
    )
    appeal = moderation_services.file_appeal(decision, author=author, text="Viesti oli kritiikkiä.")
    with override_settings(MODERATION_NEW_USER_HELD_POSTS=5):
        newcomer = _user("uusi", roles.CITIZEN)
        newcomer.date_joined = timezone.now()
        newcomer.save(update_fields=["date_joined"])
        held = forum_services.post_reply(
            author=newcomer, topic=topic, body="Odottaa.", apply_new_user_limits=False
        )
    sanction = moderation_services.impose_sanction(
        author, moderator=host, kind=SanctionKind.WARNING, rule=rule, note="Varoitus."
    )
    notification = notify(author, title="Ilmoitus kirjoittajalle", body="Vain kirjoittajalle.", url="/forum/")
    o.update(
        notification=notification,
        rule=rule,
        watch_list=watch_list,
        watched_term=WatchedTerm.objects.filter(watch_list=watch_list).first(),
        category=category,
        topic=topic,
        post=reply,
        held_post=held,
        removed_post=removed,
        newcomer=newcomer,
        queue_item=QueueItem.objects.get(object_id=str(reported.pk)),
        decision=decision,
        appeal=appeal,
        sanction=sanction,
    )
    assert held.moderation_state == "held"

    # --- eRaati ---
    survey = _survey("kuukausikysely")
    embargoed = _survey("kesken", results_on=timezone.localdate() + datetime.timedelta(days=60))
    deeper = _survey("syventava", kind=Survey.Kind.DEEPER)
    question = survey.questions.get()
    eraati_services.submit_response(survey, [(question, None, "Vapaa vastaus.")])
    contact = opted_in(name="Yhteys", email="yhteys@example.org", wants_surveys=True, wants_councils=True)
    council = Council.objects.create(name="Asiakasraati")
    meeting = Meeting.objects.create(
        council=council, starts_at=timezone.now() + datetime.timedelta(days=10), place="Kirjasto"
    )
    o.update(
        survey=survey,
        embargoed_survey=embargoed,
        deeper_survey=deeper,
        text_answer=Answer.objects.get(question=question),
        contact=contact,
        council=council,
        meeting=meeting,
        quote=Quote.objects.create(question=question, text="Lainaus."),
    )

    # --- Chat ---
    open_room = Room.objects.create(name="Avoin chat", slug="avoin", kind=Room.OPEN)
    group_room = Room.objects.create(name="Suljettu ryhmä", slug="ryhma", kind=Room.CLOSED_GROUP)
    group_room.members.add(member)
    supervision_room = Room.objects.create(name="Työnohjaus", slug="tyonohjaus", kind=Room.SUPERVISION)
    open_session = _session(open_room, "Kahden tunnin chat")
    chat_services.sign_up_for_shift(open_session, volunteer=host)
    open_session = chat_services.open_session(open_session, by=host)
    alert = chat_services.raise_support_alert(open_session, by=host, note="Tarvitsen tukea.")
    scheduled = _session(open_room, "Tuleva chat", starts_in=datetime.timedelta(minutes=5))
    chat_services.sign_up_for_shift(scheduled, volunteer=host)
    closed = _session(open_room, "Päättynyt chat")
    chat_services.sign_up_for_shift(closed, volunteer=host)
    closed = chat_services.close_session(chat_services.open_session(closed, by=host), by=host)
    report = chat_services.write_session_report(closed, by=host, summary="Rauhallinen ilta.")
    group_session = _session(group_room, "Ryhmän tapaaminen")
    chat_services.sign_up_for_shift(group_session, volunteer=host)
    group_session = chat_services.open_session(group_session, by=host)
    chat_services.join_session(group_session, user=member)
    supervision_session = _session(supervision_room, "Työnohjaus")
    o.update(
        open_room=open_room,
        group_room=group_room,
        supervision_room=supervision_room,
        open_session=open_session,
        scheduled_session=scheduled,
        closed_session=closed,
        group_session=group_session,
        supervision_session=supervision_session,
        session_report=report,
        support_alert=alert,
        crisis_contact=CrisisContact.objects.create(name="Kriisipuhelin", phone="09 2525 0111"),
        session_series=_series(open_room, "Tiistain chat"),
    )
    _add_spares(world)
    return world


def _series(room: Room, title: str) -> SessionSeries:
    return SessionSeries.objects.create(
        room=room,
        title=title,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=timezone.localdate(),
        starts_at=datetime.time(18),
    )


def _add_spares(world: World) -> None:
    """An unreferenced object of every model the admin viewsets delete: deleting it succeeds when allowed."""
    o = world.objects
    spare_session = _session(o["open_room"], "Varasessio")
    closed = _session(o["open_room"], "Toinen päättynyt chat")
    host = o["host"]
    chat_services.sign_up_for_shift(closed, volunteer=host)
    closed = chat_services.close_session(chat_services.open_session(closed, by=host), by=host)
    watch_list = WatchList.objects.create(name="Varalista", action="review", rule=o["rule"])
    o.update(
        spare_survey=_survey("vara"),
        spare_council=Council.objects.create(name="Vararaati"),
        spare_meeting=Meeting.objects.create(council=o["council"], starts_at=timezone.now(), place="Tori"),
        spare_quote=Quote.objects.create(question=o["text_answer"].question, text="Toinen lainaus."),
        spare_group_room=Room.objects.create(name="Vararyhmä", slug="vararyhma", kind=Room.CLOSED_GROUP),
        spare_scheduled_session=spare_session,
        spare_session_report=chat_services.write_session_report(closed, by=host, summary="Toinen raportti."),
        spare_support_alert=chat_services.raise_support_alert(o["open_session"], by=host, note="Toinen."),
        spare_crisis_contact=CrisisContact.objects.create(name="Varalinja"),
        spare_session_series=_series(o["open_room"], "Varasarja"),
        spare_category=Category.objects.create(name="Vara-alue", slug="vara-alue", position=2),
        spare_commitment=Commitment.objects.create(
            ktalk=o["ktalk"], decision_maker=o["decision_maker"], promise="Toinen lupaus."
        ),
        spare_host_body=ktalk_factories.host_body(),
        spare_theme=ktalk_factories.theme(),
        spare_decision_maker=ktalk_factories.decision_maker(),
        spare_rule=Rule.objects.create(
            number=99, title="Varasääntö", body="Vain kokeeseen.", is_active=False
        ),
        spare_watch_list=watch_list,
        spare_watched_term=WatchedTerm.objects.create(watch_list=watch_list, term="varasana"),
    )
