"""Appeals: the author appeals once; another moderator (a coordinator) decides; the author is told."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Notification
from moderation import services
from moderation.models import Appeal, AuditAction, AuditEntry, ModerationState, QueueItem


@pytest.fixture
def removed(post, make_user, coordinator, rule, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    item, _verdict = post(author=make_user(pseudonym="valittaja"), text="Alkuperäinen teksti")
    decision = services.decide(
        QueueItem.objects.get(object_id=str(item.pk)), moderator=coordinator, action="remove", rule=rule
    )
    return item, decision


def test_author_appeals_once(removed):
    item, decision = removed
    appeal = services.file_appeal(decision, author=item.author, text="Viestini ei ollut rasistinen.")
    assert appeal.status == Appeal.Status.PENDING
    with pytest.raises(services.AlreadyAppealed):
        services.file_appeal(decision, author=item.author, text="Uudestaan")
    assert AuditEntry.objects.filter(action=AuditAction.APPEAL).count() == 1


def test_only_the_author_may_appeal(removed, make_user):
    _item, decision = removed
    with pytest.raises(PermissionDenied):
        services.file_appeal(decision, author=make_user(), text="En ole kirjoittaja")


def test_approval_cannot_be_appealed(post, make_user, moderator, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    item, _verdict = post(author=make_user(), text="Hei")
    decision = services.decide(QueueItem.objects.get(), moderator=moderator, action="approve")
    with pytest.raises(services.ModerationError):
        services.file_appeal(decision, author=item.author, text="?")


def test_the_deciding_moderator_cannot_decide_the_appeal(removed, coordinator):
    item, decision = removed
    appeal = services.file_appeal(decision, author=item.author, text="Väärin")
    with pytest.raises(services.ModerationError):
        services.decide_appeal(appeal, moderator=coordinator, overturn=True)


def test_peer_moderator_cannot_decide_appeals(removed, moderator):
    item, decision = removed
    appeal = services.file_appeal(decision, author=item.author, text="Väärin")
    with pytest.raises(PermissionDenied):
        services.decide_appeal(appeal, moderator=moderator, overturn=True)


def test_overturn_publishes_again_and_tells_the_author(removed, make_user):
    item, decision = removed
    other = make_user(role="coordinator")
    appeal = services.file_appeal(decision, author=item.author, text="Väärin")
    services.decide_appeal(appeal, moderator=other, overturn=True, response="Olit oikeassa.")
    item.refresh_from_db()
    assert item.moderation_state == ModerationState.PUBLISHED
    assert item.moderation_rule is None
    notice = Notification.objects.filter(recipient=item.author).first()
    assert notice.title == "Valituksesi hyväksyttiin"
    assert "Olit oikeassa." in notice.body
    with pytest.raises(services.ModerationError):
        services.decide_appeal(appeal, moderator=other, overturn=False)


def test_upheld_keeps_the_decision_and_names_the_rule(removed, make_user):
    item, decision = removed
    appeal = services.file_appeal(decision, author=item.author, text="Väärin")
    services.decide_appeal(appeal, moderator=make_user(role="coordinator"), overturn=False)
    item.refresh_from_db()
    assert item.moderation_state == ModerationState.REMOVED
    notice = Notification.objects.filter(recipient=item.author).first()
    assert notice.title == "Valitustasi ei hyväksytty"
    assert "säännön 2" in notice.body


def test_overturning_an_edit_restores_the_text(post, make_user, moderator, rule, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    item, _verdict = post(author=make_user(), text="Alkuperäinen")
    decision = services.decide(
        QueueItem.objects.get(), moderator=moderator, action="edit", rule=rule, edited_text="Muokattu"
    )
    appeal = services.file_appeal(decision, author=item.author, text="Palauta")
    services.decide_appeal(appeal, moderator=make_user(role="coordinator"), overturn=True)
    item.refresh_from_db()
    assert item.text == "Alkuperäinen"


def test_appeal_page_shows_the_decision_and_takes_the_appeal(client, removed):
    item, decision = removed
    client.force_login(item.author)
    url = f"/moderation/appeal/{decision.pk}/"
    html = client.get(url).content.decode()
    assert "Ei rasismia" in html
    assert "Alkuperäinen teksti" in html
    assert "Lähetä valitus" in html
    response = client.post(url, {"text": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post(url, {"text": "Tämä oli kritiikkiä."})
    assert response.status_code == 302
    assert Appeal.objects.get().text == "Tämä oli kritiikkiä."
    html = client.get(url).content.decode()
    assert "Lähetä valitus" not in html
    assert "Odottaa" in html


def test_appeal_page_is_only_for_the_author(client, removed, make_user):
    _item, decision = removed
    client.force_login(make_user())
    assert client.get(f"/moderation/appeal/{decision.pk}/").status_code == 404
