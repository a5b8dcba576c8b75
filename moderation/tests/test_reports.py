"""Reports: one per person per item, the queue item, hiding after several trusted reports, the form."""

import pytest
from django.contrib.contenttypes.models import ContentType

from moderation import services
from moderation.models import AuditAction, AuditEntry, ModerationState, QueueItem, QueueReason, Report, Rule
from moderation.signals import content_moderated


@pytest.fixture
def published(post, veteran):
    item, _verdict = post(author=veteran(pseudonym="kirjoittaja"), text="Kaupungin päätös on huono.")
    return item


def test_report_creates_a_queue_item_and_an_audit_entry(published, make_user, rule):
    reporter = make_user()
    report = services.report_content(published, reporter=reporter, rule=rule, note="Katso tämä")
    item = QueueItem.objects.get()
    assert report.queue_item == item
    assert item.reason == QueueReason.REPORTED
    assert item.content == published
    entry = AuditEntry.objects.get(action=AuditAction.REPORT)
    assert (entry.actor, entry.subject_user, entry.rule) == (reporter, published.author, rule)


def test_second_report_by_the_same_person_is_refused(published, make_user, rule):
    reporter = make_user()
    services.report_content(published, reporter=reporter, rule=rule)
    with pytest.raises(services.AlreadyReported):
        services.report_content(published, reporter=reporter, rule=Rule.objects.get(number=4))
    assert Report.objects.count() == 1


def test_anonymous_participant_reports_once_by_key(published, rule):
    services.report_content(published, reporter_key="chat-session-1", rule=rule)
    with pytest.raises(services.AlreadyReported):
        services.report_content(published, reporter_key="chat-session-1", rule=rule)
    services.report_content(published, reporter_key="chat-session-2", rule=rule)
    assert QueueItem.objects.get().report_count == 2


def test_reporter_must_be_given_exactly_once(published, make_user, rule):
    with pytest.raises(ValueError):
        services.report_content(published, rule=rule)
    with pytest.raises(ValueError):
        services.report_content(published, reporter=make_user(), reporter_key="k", rule=rule)


def test_own_message_cannot_be_reported(published, rule):
    with pytest.raises(services.ModerationError):
        services.report_content(published, reporter=published.author, rule=rule)


def test_reports_by_several_trusted_people_hold_the_item(published, veteran, make_user, rule, settings):
    settings.MODERATION_REPORT_HIDE_THRESHOLD = 3
    received = []

    def listener(sender, instance, old_state, new_state, **kwargs):
        received.append((instance.pk, old_state, new_state))

    content_moderated.connect(listener)
    try:
        services.report_content(published, reporter=make_user(), rule=rule)  # new account: not trusted
        services.report_content(published, reporter=veteran(), rule=rule)
        services.report_content(published, reporter=veteran(), rule=rule)
        published.refresh_from_db()
        assert published.moderation_state == ModerationState.PUBLISHED
        services.report_content(published, reporter=veteran(), rule=rule)
        published.refresh_from_db()
        assert published.moderation_state == ModerationState.HELD
        assert AuditEntry.objects.filter(action=AuditAction.AUTO_HIDE).count() == 1
    finally:
        content_moderated.disconnect(listener)


def test_held_signal_is_sent_after_commit(
    published, veteran, rule, settings, django_capture_on_commit_callbacks
):
    settings.MODERATION_REPORT_HIDE_THRESHOLD = 1
    received = []

    def listener(sender, instance, old_state, new_state, **kwargs):
        received.append((sender, old_state, new_state))

    content_moderated.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.report_content(published, reporter=veteran(), rule=rule)
            assert received == []
        assert received == [(type(published), ModerationState.PUBLISHED, ModerationState.HELD)]
    finally:
        content_moderated.disconnect(listener)


# --- The report form ---------------------------------------------------------------------------


def _url(item):
    return f"/moderation/report/{ContentType.objects.get_for_model(item).pk}/{item.pk}/"


def test_report_form_needs_sign_in(client, published):
    response = client.get(_url(published))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_report_form_lists_rules_but_not_the_criticism_rule(client, published, make_user):
    client.force_login(make_user())
    response = client.get(_url(published))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ilmoita viestistä" in html
    assert "Ei rasismia" in html
    assert "Kritiikki on tervetullutta" not in html
    assert "Kaupungin päätös on huono." in html


def test_report_form_posts_without_javascript(client, published, make_user, rule):
    reporter = make_user()
    client.force_login(reporter)
    response = client.post(_url(published), {"rule": rule.pk, "note": "Halventava", "next": "/forum/"})
    assert response.status_code == 302
    assert response["Location"] == "/forum/"
    assert Report.objects.get().reporter == reporter


def test_report_form_shows_errors_next_to_the_field(client, published, make_user):
    client.force_login(make_user())
    response = client.post(_url(published), {"note": "kirjoitin jotain"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Valitse sääntö" in html
    assert "aria-describedby" in html
    assert "kirjoitin jotain" in html


def test_report_form_second_report_is_explained(client, published, make_user, rule):
    client.force_login(make_user())
    client.post(_url(published), {"rule": rule.pk})
    response = client.post(_url(published), {"rule": rule.pk})
    assert response.status_code == 400
    assert "Olet jo ilmoittanut" in response.content.decode()


def test_report_form_ignores_foreign_next(client, published, make_user, rule):
    client.force_login(make_user())
    response = client.post(_url(published), {"rule": rule.pk, "next": "https://evil.example/"})
    assert response["Location"] == published.get_absolute_url()


def test_report_form_404_for_other_models(client, make_user, published):
    client.force_login(make_user())
    ct = ContentType.objects.get_for_model(Rule)
    assert client.get(f"/moderation/report/{ct.pk}/1/").status_code == 404
    assert (
        client.get(
            f"/moderation/report/{ContentType.objects.get_for_model(published).pk}/999999/"
        ).status_code
        == 404
    )


def test_report_form_404_for_what_the_reader_cannot_see(client, post, make_user, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    held, _verdict = post(author=make_user(), text="Uusi viesti")
    client.force_login(make_user())
    assert client.get(_url(held)).status_code == 404


def test_suspended_person_cannot_report(published, veteran, coordinator, rule):
    from datetime import timedelta

    from django.utils import timezone

    reporter = veteran()
    services.impose_sanction(
        reporter,
        moderator=coordinator,
        kind="suspension",
        rule=rule,
        ends_at=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(services.PostingNotAllowed):
        services.report_content(published, reporter=reporter, rule=rule)
    assert not Report.objects.exists()


def test_a_rule_that_does_not_exist_is_a_moderation_error(published, make_user):
    with pytest.raises(services.UnknownRule) as unknown:
        services.report_content(published, reporter=make_user(), rule=999_999)
    assert isinstance(unknown.value, services.ModerationError)
    assert str(unknown.value) == "Sääntöä ei löydy."
    assert not Report.objects.exists()
