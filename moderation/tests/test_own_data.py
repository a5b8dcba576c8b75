"""A person's data export holds every moderation record about them, and nothing about who reported them."""

import json

from django.utils import timezone

from moderation import services
from moderation.models import QueueItem


def test_export_has_queue_reports_decisions_sanctions_appeals_and_audit_lines(
    client, post, make_user, coordinator, rule, settings, home_page
):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    author = make_user(pseudonym="kirjoittaja")
    reporter = make_user(pseudonym="ilmoittaja")
    item, _verdict = post(author=author, text="Soita minulle 040 123 4567")
    services.report_content(item, reporter=reporter, rule=rule, note="Ilmoittajan oma huomio")
    decision = services.decide(
        QueueItem.objects.get(object_id=str(item.pk)), moderator=coordinator, action="remove", rule=rule
    )
    services.file_appeal(decision, author=author, text="Numero oli järjestön.")
    services.impose_sanction(
        author,
        moderator=coordinator,
        kind="mute",
        rule=rule,
        ends_at=timezone.now() + timezone.timedelta(days=1),
        note="Hetki taukoa",
    )

    client.force_login(author)
    exported = json.loads(client.get("/accounts/export/").content)["moderation"]

    assert [entry["text"] for entry in exported["held_for_a_moderator"]] == ["Soita minulle 040 123 4567"]
    assert exported["reports_about_your_content"] == [
        {"rule": rule.number, "reported_at": exported["reports_about_your_content"][0]["reported_at"]}
    ]
    assert [d["text_before_the_decision"] for d in exported["decisions"]] == ["Soita minulle 040 123 4567"]
    assert [d["rule"] for d in exported["decisions"]] == [rule.number]
    assert [a["text"] for a in exported["appeals"]] == ["Numero oli järjestön."]
    assert [(s["rule"], s["note"]) for s in exported["sanctions"]] == [(rule.number, "Hetki taukoa")]
    assert exported["audit_log_about_you"], "the decision and the sanction are logged about the author"
    assert exported["reports_you_made"] == []

    whole_export = json.dumps(exported, ensure_ascii=False)
    for other_people in ("ilmoittaja", "Ilmoittajan oma huomio", coordinator.username):
        assert other_people not in whole_export


def test_the_reporter_sees_their_own_report_with_its_note(client, post, make_user, rule, home_page):
    item, _verdict = post(author=make_user(), text="Jotain")
    reporter = make_user(pseudonym="ilmoittaja")
    services.report_content(item, reporter=reporter, rule=rule, note="Tämä rikkoo sääntöä")
    client.force_login(reporter)
    exported = json.loads(client.get("/accounts/export/").content)["moderation"]
    assert [(r["rule"], r["note"]) for r in exported["reports_you_made"]] == [
        (rule.number, "Tämä rikkoo sääntöä")
    ]
    assert exported["reports_about_your_content"] == exported["decisions"] == []
