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
