from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.notifications import mark_all_read, notify, unread_count


def test_notify_stores_and_emails_after_commit(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user, title="Otsikko", body="Teksti", url="/x/", email=True)
    assert notification.recipient == user
    assert unread_count(user) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].subject == "Otsikko"


def test_no_email_unless_asked_and_nothing_for_deleted_accounts(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, title="Hiljainen")
    assert mail.outbox == []
    user.deleted_at = timezone.now()
    assert notify(user, title="Ei kenellekään") is None
    assert unread_count(user) == 1


def test_mark_all_read(make_user):
    user = make_user()
    notify(user, title="Yksi")
    notify(user, title="Kaksi")
    assert mark_all_read(user) == 2
    assert unread_count(user) == 0


def test_notification_page_runs_a_fixed_number_of_queries(
    client, make_user, home_page, django_assert_num_queries
):
    user = make_user()
    client.force_login(user)
    notify(user, title="Ensimmäinen")
    client.get("/accounts/notifications/")  # warm the per-process caches (site, settings)
    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/notifications/")
    for n in range(30):
        notify(user, title=f"Ilmoitus {n}", body="<script>alert(1)</script>")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/accounts/notifications/")
    html = response.content.decode()
    assert "Ilmoitus 29" in html
    assert "<script>alert(1)</script>" not in html


def test_mark_read_view(client, make_user, home_page):
    user = make_user()
    notify(user, title="Lue minut")
    client.force_login(user)
    response = client.post("/accounts/notifications/read/")
    assert response.status_code == 302
    assert unread_count(user) == 0


def test_the_header_counts_unread_notifications_without_javascript(client, make_user, home_page):
    user = make_user()
    client.force_login(user)
    assert "uusi ilmoitus" not in client.get("/").content.decode()
    notify(user, title="Yksi")
    notify(user, title="Kaksi")
    assert '<span class="badge">2 uutta ilmoitusta</span>' in client.get("/").content.decode()
    assert '<span class="badge">2 nya aviseringar</span>' in client.get("/sv/").content.decode()


def test_a_notification_shown_in_the_list_is_new_once_then_read(client, make_user, home_page):
    user = make_user()
    notify(user, title="Lue minut")
    client.force_login(user)
    first = client.get("/accounts/notifications/").content.decode()
    assert 'class="badge">uusi<' in first
    assert unread_count(user) == 0
    assert 'class="badge">uusi<' not in client.get("/accounts/notifications/").content.decode()


def test_opening_a_notification_marks_it_read_and_keeps_the_readers_language(client, make_user, home_page):
    user = make_user(language="sv")
    notification = notify(user, title="Svar", url="/forum/?page=2#latest")
    client.force_login(user)
    response = client.get(f"/sv/accounts/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/sv/forum/?page=2#latest"
    assert unread_count(user) == 0


def test_nobody_opens_another_persons_notification_or_is_sent_off_site(client, make_user, home_page):
    owner, other = make_user(), make_user()
    private = notify(owner, title="Oma", url="/forum/")
    client.force_login(other)
    assert client.get(f"/accounts/notifications/{private.pk}/").status_code == 404
    assert unread_count(owner) == 1
    outside = notify(other, title="Ulos", url="https://evil.example/")
    response = client.get(f"/accounts/notifications/{outside.pk}/")
    assert response["Location"] == "/accounts/notifications/"


def test_a_step_to_take_is_a_button_on_the_notice(client, make_user, home_page):
    user = make_user()
    notice = notify(
        user, title="Viestisi poistettiin", url="/moderation/appeal/1/", action="Valita päätöksestä"
    )
    client.force_login(user)
    html = client.get("/accounts/notifications/").content.decode()
    assert f'<a class="button" href="/accounts/notifications/{notice.pk}/">Valita päätöksestä</a>' in html
