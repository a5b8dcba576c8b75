"""Staff who read free text or export raw answers see them in an order that tells nothing about when
they were given, and every such look is in the access log."""

import re

import pytest
from django.urls import reverse

from eraati.models import ContactAccessLog, Quote
from eraati.selectors import free_text_digest

pytestmark = pytest.mark.django_db

# Given in this order; insertion order would show the first and last answers of the month.
TEXTS = ["Viimeinen ei ole", "Aamulla jonotin", "Kukaan ei vastannut", "Bussilla pääsee", "Ei mitään"]


@pytest.fixture
def staff_and_survey(make_user, make_survey, answer):
    survey = make_survey()
    for text in TEXTS:
        answer(survey, {"services-easy": 3, "free-word": text})
    return make_user(role="social_work_staff"), survey


def test_free_text_page_is_sorted_by_text_and_logged(client, staff_and_survey, report_channel):
    staff, survey = staff_and_survey
    client.force_login(staff)
    page = client.get(reverse("eraati_contacts:free_text", args=[survey.pk])).content.decode()
    shown = [text for text in re.findall(r"<td>([^<]+)</td>", page) if text in TEXTS]
    report_channel(
        "staff free-text page: answers shown at their insertion position",
        linked=sum(shown_text == given for shown_text, given in zip(shown, TEXTS, strict=False)),
        out_of=len(TEXTS),
        chance=1.0,
    )
    assert shown == sorted(TEXTS)
    entry = ContactAccessLog.objects.get()
    assert (entry.user, entry.action, entry.contact_count) == (staff, ContactAccessLog.Action.FREE_TEXT, 5)
    assert str(survey.pk) in entry.detail


def test_free_text_page_names_no_answer_or_response_id(client, staff_and_survey):
    """Answer ids are sequential: any of them in the page's links or forms would give the order back."""
    staff, survey = staff_and_survey
    client.force_login(staff)
    page = client.get(reverse("eraati_contacts:free_text", args=[survey.pk])).content.decode()
    forms = re.findall(r'<form method="post" action="([^"]+)">(.*?)</form>', page, flags=re.S)
    assert len(forms) == len(TEXTS)
    assert {action for action, _body in forms} == {reverse("eraati_contacts:pick_quote", args=[survey.pk])}
    question = survey.questions.get(key="free-word")
    picks = []
    for _action, body in forms:
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
        assert set(fields) == {"csrfmiddlewaretoken", "question", "digest"}
        picks.append((fields["question"], fields["digest"]))
    # Every form names only what the row shows: the question and (a digest of) the text.
    assert picks == [(str(question.pk), free_text_digest(text)) for text in sorted(TEXTS)]


def test_a_quote_names_an_answer_that_exists(client, staff_and_survey):
    staff, survey = staff_and_survey
    client.force_login(staff)
    question = survey.questions.get(key="free-word")
    url = reverse("eraati_contacts:pick_quote", args=[survey.pk])
    unknown = free_text_digest("Ei kukaan kirjoittanut tätä")
    assert client.post(url, {"question": question.pk, "digest": unknown}).status_code == 404
    assert client.post(url, {"question": "x", "digest": free_text_digest(TEXTS[0])}).status_code == 404
    assert (
        client.post(url, {"question": question.pk, "digest": free_text_digest(TEXTS[0])}).status_code == 302
    )
    assert Quote.objects.get().text == TEXTS[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_raw_answer_export_is_logged(client, staff_and_survey, fmt):
    staff, survey = staff_and_survey
    client.force_login(staff)
    assert client.get(reverse("eraati:answers_export", args=[survey.slug, fmt])).status_code == 200
    entry = ContactAccessLog.objects.get()
    assert (entry.user, entry.action, entry.contact_count) == (staff, ContactAccessLog.Action.ANSWERS, 5)


def test_a_refused_export_logs_nothing(client, make_user, staff_and_survey):
    _staff, survey = staff_and_survey
    client.force_login(make_user(role="coordinator"))
    assert client.get(reverse("eraati:answers_export", args=[survey.slug, "csv"])).status_code == 403
    assert not ContactAccessLog.objects.exists()
