"""Invitations: deeper surveys with single-use tokens (hash stored only), councils with yes/no replies."""

import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from eraati import services
from eraati.conftest import opted_in
from eraati.models import (
    ContactAccessLog,
    InvitationToken,
    Meeting,
    MeetingInvitation,
    Response,
    Survey,
    SurveyInvitation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(role="social_work_staff")


@pytest.fixture
def deeper(make_survey):
    return make_survey(kind=Survey.Kind.DEEPER, title="Syventävä kysely asumisesta")


@pytest.fixture
def meeting(db):
    import datetime

    from django.utils import timezone

    from eraati.models import Council

    council = Council.objects.create(name="Aikuissosiaalityön asiakasraati")
    return Meeting.objects.create(
        council=council,
        starts_at=timezone.now() + datetime.timedelta(days=10),
        place="Kaupungintalo",
        agenda="1. Tervetuloa\n2. Kyselyn tulokset",
        capacity=1,
    )


def _link(message, pattern):
    return re.search(pattern, message.body).group(0)


def _invite(staff, deeper, django_capture_on_commit_callbacks, **contact):
    contact = opted_in(**({"email": "a@example.org", "wants_surveys": True} | contact))
    with django_capture_on_commit_callbacks(execute=True):
        count = services.invite_to_survey(staff, deeper, services.Contact.objects.all())
    return contact, count


def test_invitation_mail_has_a_single_use_link_and_a_withdraw_link(
    staff, deeper, django_capture_on_commit_callbacks
):
    councils_only = opted_in(email="c@example.org", wants_councils=True)
    phone_only = opted_in(phone="0401234567", wants_surveys=True)
    contact, count = _invite(staff, deeper, django_capture_on_commit_callbacks)
    assert count == 2  # the councils-only contact is not invited
    assert len(mail.outbox) == 1  # no SMS sender configured: the phone-only contact gets nothing yet
    message = mail.outbox[0]
    assert message.to == ["a@example.org"]
    assert "Syventävä kysely asumisesta" in message.subject
    link = _link(message, r"http\S+/kysely/\S+\?kutsu=\S+")
    token = link.split("kutsu=")[1]
    withdraw = services.withdraw_url(contact)
    assert withdraw in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{withdraw}>"
    invitation = SurveyInvitation.objects.get(sent_on__isnull=False)
    assert invitation.contact == contact
    # Only the hash is stored, in the survey's set of tokens, apart from the contact.
    assert list(InvitationToken.objects.values_list("token_hash", "survey")) == [
        (services.hash_token(token), deeper.pk)
    ]
    assert token not in str(list(SurveyInvitation.objects.values_list()))
    assert not SurveyInvitation.objects.filter(contact=councils_only).exists()
    # The phone-only contact waits queued until a sender can reach them.
    assert SurveyInvitation.objects.get(contact=phone_only).sent_on is None
    entry = ContactAccessLog.objects.get()
    assert (entry.user, entry.action, entry.contact_count) == (staff, ContactAccessLog.Action.INVITE, 2)
    # Inviting again sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.invite_to_survey(staff, deeper, services.Contact.objects.all()) == 1
        )  # phone-only again
    assert len(mail.outbox) == 1


def test_token_answers_once_and_the_answer_is_anonymous(
    client, staff, deeper, django_capture_on_commit_callbacks
):
    _invite(staff, deeper, django_capture_on_commit_callbacks)
    token = _link(mail.outbox[0], r"kutsu=\S+").split("=")[1]
    url = reverse("eraati:answer", args=[deeper.slug])
    assert client.get(url).status_code == 403
    assert client.get(url, {"kutsu": "wrong"}).status_code == 403
    form = client.get(url, {"kutsu": token})
    assert form.status_code == 200
    assert f'name="kutsu" value="{token}"' in form.content.decode()
    question = deeper.questions.get(key="services-easy")
    # A validation error does not spend the token.
    assert client.post(url, {"kutsu": token, "step": "2", "action": "submit"}).status_code == 400
    assert InvitationToken.objects.count() == 1
    data = {"kutsu": token, "step": "2", "action": "submit", f"q_{question.pk}": "4"}
    assert client.post(url, data).status_code == 302
    assert InvitationToken.objects.count() == 0
    response = Response.objects.get()
    fields = {field.name for field in Response._meta.concrete_fields}
    assert fields == {"id", "survey", "submitted_on", "record_key"}
    # The record key (disclosure control) is fresh randomness: nothing of the invitation or the token in it.
    invitation = SurveyInvitation.objects.get()
    assert str(response.record_key) not in token + services.hash_token(token) + str(invitation.contact_id)
    assert response.record_key != invitation.pk and response.record_key < 2**31
    assert response.answers.get().value == 4
    # The same link cannot answer again, not even from another browser.
    reused = client.post(url, data)
    assert reused.status_code == 403
    assert Response.objects.count() == 1


def test_withdrawal_deletes_the_invitations_too(client, staff, deeper, django_capture_on_commit_callbacks):
    """The contact and its invitation go; the link already sent still answers, anonymously: nothing
    in the database knows which token was the withdrawn person's."""
    contact, _count = _invite(staff, deeper, django_capture_on_commit_callbacks)
    token = _link(mail.outbox[0], r"kutsu=\S+").split("=")[1]
    assert services.withdraw(services.withdraw_token(contact))
    assert SurveyInvitation.objects.count() == 0
    assert client.get(reverse("eraati:answer", args=[deeper.slug]), {"kutsu": token}).status_code == 200


def test_only_deeper_surveys_take_invitations_and_only_staff_invite(make_user, make_survey, staff):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(ValueError):
        services.invite_to_survey(staff, make_survey(), services.Contact.objects.all())
    with pytest.raises(PermissionDenied):
        services.invite_to_survey(
            make_user(role="coordinator"),
            make_survey(kind=Survey.Kind.DEEPER),
            services.Contact.objects.all(),
        )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL"
)
def test_two_concurrent_uses_of_one_token_only_one_succeeds(make_survey, invite):
    survey = make_survey(kind=Survey.Kind.DEEPER)
    token = invite(survey)
    question = survey.questions.get(key="services-easy")
    start = threading.Barrier(2)
    outcomes = []

    def use_token():
        try:
            start.wait(timeout=10)
            services.submit_response(survey, [(question, 3, "")], invitation_token=token)
            outcomes.append("ok")
        except services.InvalidInvitation:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=use_token) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert Response.objects.filter(survey=survey).count() == 1
    assert not InvitationToken.objects.exists()


def test_meeting_invitation_rsvp_and_attendance(client, staff, meeting, django_capture_on_commit_callbacks):
    first = opted_in(name="Maija", email="maija@example.org", wants_councils=True)
    opted_in(name="Pekka", email="pekka@example.org", wants_councils=True)
    opted_in(email="surveys@example.org", wants_surveys=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invite_to_meeting(staff, meeting, services.Contact.objects.all()) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["maija@example.org", "pekka@example.org"]
    links = {m.to[0]: _link(m, r"http\S+/kokous/\S+/") for m in mail.outbox}
    assert "Kaupungintalo" in mail.outbox[0].body and "Tervetuloa" in mail.outbox[0].body
    assert services.withdraw_url(first) in next(m for m in mail.outbox if m.to == ["maija@example.org"]).body

    maija_path = "/" + links["maija@example.org"].split("://", 1)[1].split("/", 1)[1]
    page = client.get(maija_path)
    assert page.status_code == 200 and "Kaupungintalo" in page.content.decode()
    assert client.post(maija_path, {}).status_code == 200  # no choice: error, nothing stored
    assert client.post(maija_path, {"reply": "yes"}).status_code == 302
    assert MeetingInvitation.objects.get(contact=first).reply == "yes"

    # Capacity 1: Pekka's yes is refused, his no is fine.
    pekka_path = "/" + links["pekka@example.org"].split("://", 1)[1].split("/", 1)[1]
    full = client.post(pekka_path, {"reply": "yes"})
    assert "tapaaminen on täynnä" in full.content.decode()
    assert client.post(pekka_path, {"reply": "no"}).status_code == 302
    assert client.get("/eraati/kokous/not-a-token/").status_code == 404

    client.force_login(staff)
    attendance = client.get(reverse("eraati_contacts:attendance", args=[meeting.pk])).content.decode()
    assert "Maija" in attendance and "Kyllä, tulen" in attendance and "En pääse tulemaan" in attendance
    assert ContactAccessLog.objects.filter(action=ContactAccessLog.Action.ATTENDANCE).count() == 1


def test_admin_invite_buttons(client, staff, deeper, meeting, django_capture_on_commit_callbacks):
    opted_in(email="a@example.org", wants_surveys=True, wants_councils=True)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("eraati_contacts:invite_survey", args=[deeper.pk]))
        client.post(reverse("eraati_contacts:invite_meeting", args=[meeting.pk]))
    assert len(mail.outbox) == 2
    assert SurveyInvitation.objects.count() == MeetingInvitation.objects.count() == 1
