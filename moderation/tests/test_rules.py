from django.template import Context, Template

from moderation.models import Rule, RulesVersion
from moderation.rules import current_rules_version
from moderation.services import publish_rules_version


def test_first_rule_set_is_shipped(db):
    assert current_rules_version() == 1
    numbers = list(Rule.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert Rule.objects.get(number=1).title == "Kritiikki on tervetullutta"
    assert Rule.objects.get(number=2).title_sv and Rule.objects.get(number=2).title_en


def test_rules_page_shows_the_rows_moderators_cite(client, db):
    rule = Rule.objects.get(number=2)
    rule.title = "Ei rasismia, muokattu"
    rule.save()
    response = client.get("/moderation/rules/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ei rasismia, muokattu" in html
    assert 'id="rule-2"' in html
    assert "Yhteisön säännöt" in html


def test_rules_page_in_swedish_and_english(client, db):
    assert "Kritik är välkommen" in client.get("/sv/moderation/rules/").content.decode()
    assert "Criticism is welcome" in client.get("/en/moderation/rules/").content.decode()


def test_inactive_rule_is_not_shown(client, db):
    Rule.objects.filter(number=6).update(is_active=False)
    assert "Ei mainontaa" not in client.get("/moderation/rules/").content.decode()


def test_publish_new_version_snapshots_rules(db, make_user):
    coordinator = make_user(role="coordinator")
    version = publish_rules_version(by=coordinator, note="Sääntö 5 tarkennettu")
    assert version.number == 2
    assert current_rules_version() == 2
    assert [r["number"] for r in RulesVersion.objects.get(number=2).rules] == [1, 2, 3, 4, 5, 6]


def test_footer_links_the_rules(client, home_page):
    assert 'href="/moderation/rules/"' in client.get("/").content.decode()


def test_placeholder_names_the_rule_not_the_content(db, sample_model):
    rule = Rule.objects.get(number=2)
    item = sample_model(text="salainen sisältö", moderation_state="hidden", moderation_rule=rule)
    html = Template("{% load moderation_tags %}{% moderation_placeholder item %}").render(
        Context({"item": item})
    )
    assert "sääntöä 2" in html or "säännön 2" in html
    assert "Ei rasismia" in html
    assert "salainen" not in html


def test_report_link_points_to_the_form(db, sample_model):
    item = sample_model.objects.create(text="x")
    html = Template("{% load moderation_tags %}{% report_link item %}").render(Context({"item": item}))
    assert "/moderation/report/" in html and f"/{item.pk}/" in html
