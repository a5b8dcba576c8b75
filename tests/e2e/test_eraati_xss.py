"""The XSS corpus through eRaati: free-text answers and opt-in contacts, as staff and readers see them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from eraati import conftest as eraati_fixtures
from eraati import selectors, services
from eraati.conftest import opted_in
from eraati.models import Answer, Quote, Survey
from tests.e2e.xss import assert_nothing_ran, check_page, trapped_page
from tests.xss import one_line_payloads, xss_payloads

make_survey = eraati_fixtures.make_survey
answer = eraati_fixtures.answer


@pytest.mark.slow
def test_corpus_in_answers_and_contacts_runs_nothing_for_staff_or_readers(
    live_server, new_page, home_page, make_survey, answer, make_user
):
    survey = make_survey(title="XSS-kysely", slug="xss-kysely")
    for payload in xss_payloads():
        answer(survey, {"free-word": payload})
    for payload in one_line_payloads(100):
        opted_in(name=payload, phone=payload[:30], wants_surveys=True)
    staff = make_user(role=roles.SOCIAL_WORK_STAFF)
    # Staff pick three answers as quotes and publish them as typed (the worst case: no redaction).
    for picked in Answer.objects.filter(question__key="free-word").order_by("id")[:3]:
        services.pick_quote(staff, picked)
    Quote.objects.update(published=True)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))

    page, dialogs = trapped_page(new_page, live_server.url, staff)
    base = live_server.url
    for url in (
        reverse("eraati_contacts:free_text", args=[survey.pk]),
        reverse("eraati_contacts:index"),
        reverse("eraati_quote:index"),
        reverse("eraati:results", args=[survey.slug]),
    ):
        check_page(page, dialogs, base + url, "main", expect_text="window.__xss")


@pytest.mark.slow
def test_payloads_typed_into_the_survey_and_opt_in_forms_run_nothing(
    live_server, new_page, home_page, make_survey
):
    make_survey(title="XSS-kysely", slug="xss-kysely")
    payload = '"><img src=x onerror=window.__xss=1>'
    page, dialogs = trapped_page(new_page, live_server.url)
    page.goto(live_server.url + "/eraati/kysely/xss-kysely/")
    page.get_by_label("Vapaa sana").fill(payload)
    page.get_by_role("button", name="Seuraava").click()
    # A required statement was skipped: the page comes back with the error and the text as typed.
    assert page.get_by_label("Vapaa sana").input_value() == payload
    assert_nothing_ran(page, dialogs)
    page.get_by_role("group", name="Palveluihin on helppo päästä.").get_by_label(
        "Jokseenkin samaa mieltä"
    ).check()
    page.get_by_role("button", name="Seuraava").click()
    page.get_by_role("button", name="Lähetä vastaukset").click()
    assert page.get_by_role("heading", name="Kiitos vastauksistasi").is_visible()
    assert Answer.objects.get(question__key="free-word").text == payload

    # The opt-in form with a bad phone number comes back with the name as typed.
    page.get_by_label("Nimi").fill(payload)
    page.get_by_label("Puhelin").fill(payload[:30])
    page.get_by_label("Kutsu minut syventäviin kyselyihin").check()
    page.get_by_label("Suostun siihen").check()
    page.get_by_role("button", name="Tallenna yhteystietoni").click()
    assert page.get_by_label("Nimi").input_value() == payload
    assert_nothing_ran(page, dialogs)
    page.get_by_label("Puhelin").fill("040 123 4567")
    page.get_by_role("button", name="Tallenna yhteystietoni").click()
    assert page.get_by_role("heading", name="Yhteystiedot tallennettu").is_visible()
    assert_nothing_ran(page, dialogs)
    services.flush_pending_contacts()  # what the daily run does
    assert selectors.contacts().get().name == payload
