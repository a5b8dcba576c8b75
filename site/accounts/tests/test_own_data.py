import json

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from accounts.notifications import notify
from accounts.services import delete_account, export_personal_data

User = get_user_model()


def test_export_contains_the_account_and_notifications(client, make_user, home_page):
    user = make_user(pseudonym="Lumi")
    notify(user, title="Tervetuloa", body="Hei!")
    client.force_login(user)
    response = client.get("/accounts/export/")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["pseudonym"] == "Lumi"
    assert data["account"]["email"] == "Lumi@example.org"
    assert data["account"]["roles"] == ["citizen"]
    assert [n["title"] for n in data["notifications"]] == ["Tervetuloa"]


def test_export_includes_what_apps_contribute(make_user, monkeypatch):
    from django.apps import apps

    config = apps.get_app_config("forum")
    monkeypatch.setattr(
        config, "personal_data_exporter", "accounts.tests.test_own_data.example_exporter", raising=False
    )
    data = export_personal_data(make_user())
    assert data["forum"] == {"posts": ["example"]}


def example_exporter(user):
    return {"posts": ["example"]}


def test_export_and_delete_need_login(client, home_page):
    for url in ("/accounts/export/", "/accounts/delete/", "/accounts/profile/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_delete_account_keeps_the_row_but_nothing_that_identifies(make_user):
    user = make_user(pseudonym="Lumi")
    notify(user, title="Tervetuloa")
    delete_account(user)
    user.refresh_from_db()
    assert user.is_deleted
    assert str(user.public_name) == "poistettu käyttäjä"
    assert user.username.startswith("deleted-")
    assert user.email == ""
    assert not user.has_usable_password()
    assert not user.is_active
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not user.notifications.exists()
    # The pseudonym is free again.
    assert not User.objects.filter(username="Lumi").exists()


def test_delete_view_asks_for_the_password_and_logs_out(client, make_user, home_page):
    user = make_user(pseudonym="Lumi", password="oikea-salasana-1")
    client.force_login(user)
    response = client.post("/accounts/delete/", {"password": "väärä", "confirm": "on"})
    assert response.status_code == 200
    assert "Salasana ei ole oikein." in response.content.decode()
    user.refresh_from_db()
    assert not user.is_deleted

    response = client.post("/accounts/delete/", {"password": "oikea-salasana-1", "confirm": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_deleted
    assert "_auth_user_id" not in client.session


def test_profile_language_is_saved(client, make_user, home_page):
    user = make_user()
    client.force_login(user)
    response = client.post("/accounts/profile/", {"language": "sv"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "sv"
    response = client.post("/accounts/profile/", {"language": "xx"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors


def test_deleting_an_account_scrubs_the_pseudonym_from_other_peoples_notifications(make_user):
    from accounts.notifications import notify
    from accounts.services import delete_account

    leaving = make_user(pseudonym="Kaarna")
    finnish, swedish = make_user(), make_user(language="sv")
    notify(finnish, title="Kaarna vastasi viestiisi", body="Kaarna kirjoitti: Kaarnainen puu.")
    notify(swedish, title="Kaarna svarade", body="")
    delete_account(leaving)
    titles = {
        n.recipient_id: (n.title, n.body) for n in finnish.notifications.all() | swedish.notifications.all()
    }
    assert titles[finnish.pk] == (
        "poistettu käyttäjä vastasi viestiisi",
        "poistettu käyttäjä kirjoitti: Kaarnainen puu.",
    )
    assert titles[swedish.pk] == ("raderad användare svarade", "")
