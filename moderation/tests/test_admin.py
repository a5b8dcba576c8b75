"""The Wagtail admin views: permissions enforced, the queue flow end to end, fixed query counts."""

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Notification
from moderation import services
from moderation.models import (
    Appeal,
    AuditAction,
    AuditEntry,
    ModerationState,
    QueueItem,
    Sanction,
    SanctionKind,
    WatchedTerm,
    WatchList,
)


@pytest.fixture
def held_items(post, make_user, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1

    def factory(count=1):
        return [post(author=make_user(), text=f"Viesti numero {n}")[0] for n in range(count)]

    return factory


@pytest.mark.parametrize(
    "url",
    [
        "/admin/moderation/",
        "/admin/moderation/sanctions/",
        "/admin/moderation/sanctions/new/",
        "/admin/moderation/appeals/",
        "/admin/moderation/log/",
        "/admin/moderation/try/",
        "/admin/moderation/rules-versions/",
    ],
)
def test_citizens_are_kept_out(client, make_user, url):
    client.force_login(make_user())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def _denied(response) -> bool:
    """Wagtail turns PermissionDenied in the admin into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.mark.parametrize(
    "url, status",
    [
        ("/admin/moderation/", 200),
        ("/admin/moderation/sanctions/", 200),
        ("/admin/moderation/sanctions/new/", 200),
        ("/admin/moderation/appeals/", 403),
        ("/admin/moderation/log/", 403),
        ("/admin/moderation/try/", 403),
        ("/admin/snippets/moderation/watchedterm/", 403),
        ("/admin/snippets/moderation/watchedterm/add/", 403),
    ],
)
def test_peer_moderator_boundaries(client, moderator, url, status):
    client.force_login(moderator)
    response = client.get(url)
    assert _denied(response) if status == 403 else response.status_code == status


@pytest.mark.parametrize(
    "url",
    [
        "/admin/moderation/appeals/",
        "/admin/moderation/log/",
        "/admin/moderation/try/",
        "/admin/moderation/rules-versions/",
        "/admin/snippets/moderation/watchedterm/",
        "/admin/snippets/moderation/watchlist/",
        "/admin/snippets/moderation/rule/",
    ],
)
def test_coordinator_sees_everything(client, coordinator, url):
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def _get_with_fixed_queries(client, url, add, django_assert_max_num_queries):
    """GET ``url`` after ``add(6)`` more rows, in no more queries than it took with ``add(1)``."""
    add(1)
    client.get(url)  # warm up the session and content-type caches
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        return client.get(url)


def test_queue_lists_items_with_a_fixed_number_of_queries(
    client, moderator, held_items, django_assert_max_num_queries
):
    client.force_login(moderator)
    response = _get_with_fixed_queries(
        client, "/admin/moderation/", held_items, django_assert_max_num_queries
    )
    assert response.content.decode().count("/admin/moderation/item/") >= 7


def test_queue_flow_claim_and_decide(client, moderator, held_items, rule):
    (item,) = held_items(1)
    queue_item = QueueItem.objects.get()
    client.force_login(moderator)
    url = f"/admin/moderation/item/{queue_item.pk}/"
    page = client.get(url).content.decode()
    assert "Viesti numero 0" in page
    assert "Ota käsittelyyn" in page
    client.post(url, {"operation": "claim"})
    queue_item.refresh_from_db()
    assert queue_item.claimed_by == moderator
    response = client.post(url, {"operation": "decide", "action": "hide"})
    assert response.status_code == 400  # no rule
    assert "Valitse sääntö" in response.content.decode()
    response = client.post(
        url, {"operation": "decide", "action": "hide", "rule": rule.pk, "note": "Halventava"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.moderation_state == ModerationState.HIDDEN
    assert Notification.objects.filter(recipient=item.author, title="Viestisi piilotettiin").exists()


def test_queue_item_shows_the_context(client, moderator, post, veteran, make_user, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    post(author=veteran(pseudonym="aiempi"), text="Aiempi viesti ketjussa", thread="t1")
    post(author=make_user(), text="Uusi viesti ketjussa", thread="t1")
    client.force_login(moderator)
    page = client.get(f"/admin/moderation/item/{QueueItem.objects.get().pk}/").content.decode()
    assert "aiempi" in page and "Aiempi viesti ketjussa" in page


def test_other_moderators_claim_is_respected(client, moderator, make_user, held_items):
    held_items(1)
    queue_item = QueueItem.objects.get()
    services.claim(queue_item, moderator=make_user(role="peer_moderator", pseudonym="toinen"))
    client.force_login(moderator)
    page = client.get(f"/admin/moderation/item/{queue_item.pk}/").content.decode()
    assert "toinen käsittelee" in page
    client.post(f"/admin/moderation/item/{queue_item.pk}/", {"operation": "decide", "action": "approve"})
    queue_item.refresh_from_db()
    assert queue_item.status == QueueItem.Status.OPEN


def test_peer_moderator_can_mute_but_not_ban(client, moderator, make_user, rule):
    target = make_user(pseudonym="hairitsija")
    client.force_login(moderator)
    form = client.get("/admin/moderation/sanctions/new/").content.decode()
    assert 'value="mute"' in form and 'value="ban"' not in form
    ends = f"{timezone.localdate() + relativedelta(days=2):%Y-%m-%d}T12:00"  # noon: never ambiguous
    response = client.post(
        "/admin/moderation/sanctions/new/",
        {"pseudonym": "hairitsija", "kind": "ban", "rule": rule.pk, "ends_at": ends},
    )
    assert response.status_code == 400
    assert not Sanction.objects.exists()
    response = client.post(
        "/admin/moderation/sanctions/new/",
        {"pseudonym": "hairitsija", "kind": "mute", "rule": rule.pk, "ends_at": ends},
    )
    assert response.status_code == 302
    assert Sanction.objects.get().user == target


def test_coordinator_bans_and_lifts(client, coordinator, make_user, rule):
    target = make_user(pseudonym="kielletty")
    client.force_login(coordinator)
    client.post(
        "/admin/moderation/sanctions/new/", {"pseudonym": "kielletty", "kind": "ban", "rule": rule.pk}
    )
    ban = Sanction.objects.get(user=target, kind=SanctionKind.BAN)
    assert ban.ends_at is None
    client.post("/admin/moderation/sanctions/", {"lift": ban.pk})
    ban.refresh_from_db()
    assert ban.lifted_by == coordinator


def test_peer_moderator_cannot_lift_a_ban(client, coordinator, moderator, make_user, rule):
    ban = services.impose_sanction(make_user(), moderator=coordinator, kind=SanctionKind.BAN, rule=rule)
    client.force_login(moderator)
    assert _denied(client.post("/admin/moderation/sanctions/", {"lift": ban.pk}))
    ban.refresh_from_db()
    assert ban.lifted_at is None


def test_coordinator_decides_an_appeal(client, coordinator, moderator, held_items, rule):
    (item,) = held_items(1)
    decision = services.decide(QueueItem.objects.get(), moderator=moderator, action="remove", rule=rule)
    appeal = services.file_appeal(decision, author=item.author, text="Ei ollut rasistinen")
    client.force_login(coordinator)
    assert "Ei ollut rasistinen" in client.get("/admin/moderation/appeals/").content.decode()
    response = client.post(f"/admin/moderation/appeals/{appeal.pk}/", {"outcome": "overturn"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OVERTURNED
    item.refresh_from_db()
    assert item.moderation_state == ModerationState.PUBLISHED


def test_try_text_shows_the_result_without_counting(client, coordinator):
    client.force_login(coordinator)
    page = client.post("/admin/moderation/try/", {"text": "r.y.s.s.ä"}).content.decode()
    assert "Estetty" in page
    assert "ryssä" in page
    assert WatchedTerm.objects.get(term="ryssä").hit_count == 0


def test_audit_log_lists_entries_and_has_no_edit(client, coordinator, held_items):
    held_items(1)
    client.force_login(coordinator)
    page = client.get("/admin/moderation/log/").content.decode()
    assert "Pidätetty: uusi käyttäjä" in page
    assert client.get("/admin/snippets/moderation/auditentry/").status_code == 404
    entry = AuditEntry.objects.first()
    for view in ("edit", "delete", "inspect", "history"):
        assert client.get(f"/admin/moderation/log/{view}/{entry.pk}/").status_code == 404
    assert "moderation/log/new/" not in page


def _log_rows(response) -> int:
    return response.content.decode().count("<tr") - 1  # less the header row


def test_audit_log_filters_by_action_actor_and_date(client, coordinator, moderator, make_user, rule):
    AuditEntry.objects.create(action=AuditAction.CLAIM, actor=moderator)
    AuditEntry.objects.create(action=AuditAction.DECISION, actor=moderator, rule=rule)
    AuditEntry.objects.create(
        action=AuditAction.REPORT, actor=coordinator, created_at=timezone.now() - relativedelta(months=2)
    )
    client.force_login(coordinator)
    assert _log_rows(client.get("/admin/moderation/log/results/")) == 3
    by_action = client.get("/admin/moderation/log/results/", {"action": [AuditAction.CLAIM, "report"]})
    assert _log_rows(by_action) == 2
    assert _log_rows(client.get("/admin/moderation/log/results/", {"actor": moderator.pk})) == 2
    week_ago = (timezone.localdate() - relativedelta(weeks=1)).isoformat()
    assert _log_rows(client.get("/admin/moderation/log/results/", {"created_at_from": week_ago})) == 2
    assert _log_rows(client.get("/admin/moderation/log/results/", {"created_at_to": week_ago})) == 1
    page = client.get("/admin/moderation/log/").content.decode()
    assert "vapaaehtoinen1" in page  # the "who" filter names the people who acted


def test_audit_log_takes_a_fixed_number_of_queries(
    client, coordinator, make_user, rule, django_assert_max_num_queries
):
    def log(count):
        for _ in range(count):
            AuditEntry.objects.create(
                action=AuditAction.DECISION, actor=make_user(), subject_user=make_user(), rule=rule
            )

    client.force_login(coordinator)
    response = _get_with_fixed_queries(client, "/admin/moderation/log/", log, django_assert_max_num_queries)
    assert _log_rows(response) >= 7


def test_moderation_menu_shows_what_each_role_may_open(rf, moderator, coordinator):
    from moderation.wagtail_hooks import ModerationViewSetGroup

    menu = ModerationViewSetGroup().get_menu_item().menu

    def shown(user):
        request = rf.get("/admin/")
        request.user = user
        return {item.name for item in menu.menu_items_for_request(request)}

    assert {"moderation-queue", "moderation-sanctions"} <= shown(moderator)
    assert "moderation-log" not in shown(moderator)
    assert {"moderation-log", "moderation-appeals", "moderation-try", "moderation-rules-versions"} <= shown(
        coordinator
    )
    snippets = {"moderation-rules", "moderation-watch-lists", "moderation-watched-terms"}
    assert snippets <= shown(coordinator)  # the snippet viewsets join the group's menu


def test_new_term_in_admin_takes_effect_and_is_logged(client, coordinator):
    client.force_login(coordinator)
    watch_list = WatchList.objects.get(name="Seurattavat sanat")
    response = client.post(
        "/admin/snippets/moderation/watchedterm/add/",
        {
            "watch_list": watch_list.pk,
            "term": "kukkahattu",
            "match": "inflected",
            "exceptions": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert services.screen("kukkahattutädit").action == services.REVIEW
    assert AuditEntry.objects.filter(action=AuditAction.WATCHLIST_CHANGED, actor=coordinator).exists()


def test_dashboard_panel_for_moderators(client, moderator, held_items):
    held_items(2)
    client.force_login(moderator)
    page = client.get("/admin/").content.decode()
    assert "Moderointijono" in page
    assert "Jonossa odottaa" in page


def test_publish_rules_version_in_admin(client, coordinator):
    client.force_login(coordinator)
    client.post("/admin/moderation/rules-versions/", {"note": "Tarkennus"})
    assert services.current_rules_version() == 2


def test_report_to_decision_end_to_end(client, post, veteran, make_user, moderator, rule):
    item, _verdict = post(author=veteran(), text="Julkaistu viesti")
    reporter = make_user()
    client.force_login(reporter)
    ct = ContentType.objects.get_for_model(item).pk
    client.post(f"/moderation/report/{ct}/{item.pk}/", {"rule": rule.pk})
    client.force_login(moderator)
    queue_item = QueueItem.objects.get()
    assert "Julkaistu viesti" in client.get("/admin/moderation/").content.decode()
    client.post(
        f"/admin/moderation/item/{queue_item.pk}/",
        {"operation": "decide", "action": "remove", "rule": rule.pk},
    )
    item.refresh_from_db()
    assert item.moderation_state == ModerationState.REMOVED
