"""Opt-in contacts: separate from answers (proved on the stored rows), withdrawable, expiring, guarded."""

import datetime
import uuid

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eraati import services
from eraati.conftest import opted_in
from eraati.consent import CURRENT_CONSENT_VERSION
from eraati.models import Contact, ContactAccessLog, PendingContact, Response
from eraati.tasks import purge_expired_contacts
from kuulluksi.appendonly import AppendOnlyError

pytestmark = pytest.mark.django_db

OPT_IN = {
    "name": "Maija",
    "email": "maija@example.org",
    "phone": "",
    "wants_surveys": "on",
    "wants_councils": "on",
    "consent": "on",
}


def _answer_then_opt_in(client, survey):
    names = {q.key: f"q_{q.pk}" for q in survey.questions.all()}
    answered = client.post(
        reverse("eraati:answer", args=[survey.slug]),
        {"step": "2", "action": "submit", names["services-easy"]: "3", names["free-word"]: "Hyvä palvelu"},
    )
    assert answered.status_code == 302
    thanks = client.get(answered.url)
    opted = client.post(reverse("eraati:opt_in"), OPT_IN)
    assert opted.status_code == 200
    services.flush_pending_contacts()  # what the daily run does
    return thanks.content.decode(), opted


def _rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _id_forms(value):
    value = uuid.UUID(str(value))
    return {str(value), value.hex, str(value.int)}


def test_opt_in_after_answering_stores_an_unlinkable_row(client, make_survey):
    survey = make_survey()
    thanks_html, _opted = _answer_then_opt_in(client, survey)
    response = Response.objects.get()
    contact = Contact.objects.get()

    # The thank-you page and its separate opt-in form carry nothing that names the response.
    assert not any(form in thanks_html for form in _id_forms(response.id))
    assert dict(client.session) == {}

    contact_rows = _rows(Contact._meta.db_table)
    response_rows = _rows(Response._meta.db_table)
    assert len(contact_rows) == len(response_rows) == 1
    contact_row, response_row = contact_rows[0], response_rows[0]
    # No column of the contact holds the response's id (in any spelling) or the survey.
    response_ids = _id_forms(response_row["id"])
    assert not any(str(value) in response_ids for value in contact_row.values())
    assert not any(
        str(value) == str(survey.pk) for name, value in contact_row.items() if name != "consent_version"
    )
    # Random, unrelated ids: both version-4 UUIDs, not the same, not sequential.
    contact_id, response_id = uuid.UUID(str(contact_row["id"])), uuid.UUID(str(response_row["id"]))
    assert contact_id.version == response_id.version == 4
    assert contact_id != response_id
    assert abs(contact_id.int - response_id.int) > 2**64
    # Nothing finer than a day on either row.
    for row in (contact_row, response_row):
        for value in row.values():
            assert not isinstance(value, datetime.datetime)
            if isinstance(value, str):
                assert not _looks_like_a_time(value)
    # And by construction: no relation from contacts to responses or surveys, no time fields.
    for field in Contact._meta.get_fields():
        assert not (field.is_relation and field.related_model in (Response, type(survey)))
        assert not isinstance(field, models.DateTimeField | models.TimeField)
    assert not any(
        isinstance(f, models.DateTimeField | models.TimeField) for f in Response._meta.get_fields()
    )

    assert contact.consent_version == CURRENT_CONSENT_VERSION
    assert contact.consented_on == timezone.localdate()
    assert contact.expires_on == timezone.localdate() + relativedelta(months=12)
    assert contact.language == "fi"


def _looks_like_a_time(text: str) -> bool:
    import re

    return bool(re.search(r"\d{1,2}:\d{2}", text))


def test_opt_in_form_validation_keeps_what_was_typed(client):
    response = client.post(reverse("eraati:opt_in"), {"name": "Pekka", "phone": "abc"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kirjoita puhelinnumero numeroina" in html
    assert "Valitse vähintään yksi asia" in html
    assert "Anna suostumuksesi rastittamalla tämä ruutu." in html
    assert 'value="Pekka"' in html and 'value="abc"' in html
    assert 'aria-invalid="true"' in html
    missing_address = client.post(reverse("eraati:opt_in"), {**OPT_IN, "email": ""})
    assert "Anna sähköpostiosoite tai puhelinnumero." in missing_address.content.decode()
    assert Contact.objects.count() == 0 and not PendingContact.objects.exists()


def test_phone_only_contact_is_accepted(client):
    client.post(reverse("eraati:opt_in"), {**OPT_IN, "email": "", "phone": "040 123 4567"})
    services.flush_pending_contacts()
    assert Contact.objects.get().phone == "0401234567"


def test_withdraw_link_asks_once_then_deletes_at_once(client):
    contact = opted_in(email="a@example.org", wants_surveys=True)
    url = services.withdraw_url(contact)
    assert url.startswith("http") and str(contact.pk) in url
    path = url.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Peru ja poista tietoni" in page.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()  # a link scanner's GET deletes nothing
    # The mail program's one-click POST has no CSRF token and still works.
    done = Client(enforce_csrf_checks=True).post("/" + path)
    assert done.status_code == 200
    assert "Yhteystietosi on poistettu." in done.content.decode()
    assert not Contact.objects.filter(pk=contact.pk).exists()
    again = client.post("/" + path)
    assert "ei ole (enää) tallennettu" in again.content.decode()


def test_a_forged_withdraw_token_deletes_nothing(client):
    contact = opted_in(email="a@example.org", wants_surveys=True)
    forged = f"{contact.pk}:forged-signature"
    assert client.get(reverse("eraati:withdraw", args=[forged])).status_code == 404
    client.post(reverse("eraati:withdraw", args=[forged]))
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_expired_contacts_are_purged_by_the_task_and_the_command():
    today = timezone.localdate()
    keep = opted_in(email="keep@example.org", wants_surveys=True)
    old = opted_in(email="old@example.org", wants_councils=True)
    Contact.objects.filter(pk=old.pk).update(expires_on=today - datetime.timedelta(days=1))
    assert purge_expired_contacts.enqueue().return_value == 1
    assert list(Contact.objects.all()) == [keep]
    Contact.objects.filter(pk=keep.pk).update(expires_on=today - datetime.timedelta(days=1))
    call_command("purge_eraati_contacts", "--now", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Contact.objects.count() == 0
    call_command("purge_eraati_contacts", stdout=open("/dev/null", "w"))  # noqa: SIM115 (queues; nothing left)


def _physical_order():
    table = connection.ops.quote_name(Contact._meta.db_table)
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY {order}")  # noqa: S608
        return [uuid.UUID(str(row[0])) for row in cursor.fetchall()]


def test_purge_rewrites_the_insertion_order_into_random_id_order():
    created = [opted_in(email=f"c{i}@example.org", wants_surveys=True).pk for i in range(12)]
    assert _physical_order() == created  # insertion order is visible in the table at first
    services.purge_expired_contacts()
    assert _physical_order() == sorted(created)  # afterwards rows lie in the order of their random ids
    assert sorted(created) != created


STAFF_URLS = [
    ("eraati_contacts:index", []),
    ("eraati_contacts:export", []),
    ("eraati_contacts:log", []),
]


@pytest.mark.parametrize("role", ["coordinator", "peer_moderator", "citizen"])
def test_only_social_work_staff_reach_contacts(client, make_user, role):
    opted_in(email="salainen@example.org", wants_surveys=True)
    client.force_login(make_user(role=role))
    for name, args in STAFF_URLS:
        response = client.get(reverse(name, args=args))
        assert response.status_code in (302, 403), name
        assert b"salainen@example.org" not in response.content
    menu = client.get("/admin/")
    assert b"eraati_contacts" not in menu.content
    assert ContactAccessLog.objects.count() == 0


def test_staff_see_contacts_and_every_view_and_export_is_logged(client, make_user):
    staff = make_user(role="social_work_staff")
    opted_in(name="Maija", email="maija@example.org", wants_surveys=True)
    opted_in(phone="0401234567", wants_councils=True)
    client.force_login(staff)
    listing = client.get(reverse("eraati_contacts:index"))
    assert listing.status_code == 200
    assert "maija@example.org" in listing.content.decode()
    councils_only = client.get(reverse("eraati_contacts:index") + "?interest=councils").content.decode()
    assert "maija@example.org" not in councils_only and "0401234567" in councils_only
    export = client.get(reverse("eraati_contacts:export"))
    assert "maija@example.org" in export.content.decode()
    entries = list(ContactAccessLog.objects.order_by("id").values_list("user", "action", "contact_count"))
    assert entries == [
        (staff.pk, ContactAccessLog.Action.LIST, 2),
        (staff.pk, ContactAccessLog.Action.LIST, 1),
        (staff.pk, ContactAccessLog.Action.EXPORT, 2),
    ]
    log_page = client.get(reverse("eraati_contacts:log")).content.decode()
    assert "vei yhteystiedot" in log_page


def test_access_log_is_append_only(make_user):
    entry = ContactAccessLog.objects.create(user=make_user(), action=ContactAccessLog.Action.LIST)
    entry.detail = "muutettu"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ContactAccessLog.objects.all().update(detail="x")
    with pytest.raises(AppendOnlyError):
        ContactAccessLog.objects.all().delete()
    assert ContactAccessLog.objects.get().detail == ""


def test_recording_access_needs_the_contacts_permission(make_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_contact_access(make_user(role="coordinator"), ContactAccessLog.Action.LIST)


def test_opt_in_service_checks_the_details_before_pooling_them():
    """The pool is flushed unattended: details that could not become a contact are refused at once."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.opt_in(name="Ei osoitetta", wants_surveys=True)
    with pytest.raises(ValidationError):
        services.opt_in(email="a@example.org")  # wants nothing
    assert not PendingContact.objects.exists()
    services.opt_in(email="a@example.org", wants_councils=True)
    assert Contact.objects.count() == 0  # until the daily run
    services.purge_expired_contacts()
    assert list(Contact.objects.values_list("email", "wants_councils")) == [("a@example.org", True)]
    assert not PendingContact.objects.exists()
