"""Wagtail side: building surveys in the admin, council memos and the annual results report."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from eraati import selectors
from eraati.models import Council, CouncilMemoPage, Meeting, Quote, ResultsReportPage, Survey

pytestmark = pytest.mark.django_db


def _survey_form(**extra):
    # Noon: a time typed in the repeated hour when the clocks go back is refused as ambiguous.
    today = timezone.localdate()
    data = {
        "title_fi": "Maaliskuun eRaati",
        "slug": "maaliskuu",
        "kind": "monthly",
        "intro_fi": "Kerro kokemuksesi.",
        "opens_at": f"{today:%Y-%m-%d} 12:00",
        "closes_at": f"{today + relativedelta(days=30):%Y-%m-%d} 12:00",
        "results_on": "",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-kind": "agree",
        "questions-0-key": "jonot",
        "questions-0-text_fi": "Jonot ovat kohtuulliset.",
        "questions-0-required": "on",
        "questions-0-ORDER": "1",
        "questions-1-kind": "single",
        "questions-1-key": "",
        "questions-1-text_fi": "Miten asioit?",
        "questions-1-options_fi": "Puhelimessa\nKäymällä",
        "questions-1-ORDER": "2",
    }
    data.update(extra)
    return data


def test_staff_build_a_survey_with_questions_in_the_admin(client, make_user):
    client.force_login(make_user(role="social_work_staff"))
    url = reverse("wagtailsnippets_eraati_survey:add")
    assert client.get(url).status_code == 200
    response = client.post(url, _survey_form())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    survey = Survey.objects.get(slug="maaliskuu")
    first = survey.questions.first()
    assert (first.key, first.kind, first.required) == ("jonot", "agree", True)
    assert survey.questions.get(kind="single").key.startswith("q-")
    listing = client.get(reverse("wagtailsnippets_eraati_survey:list")).content.decode()
    # Each row says where the survey is, how many answered and links to its results.
    assert f'<a href="{reverse("eraati:results", args=["maaliskuu"])}">Tulokset</a>' in listing
    assert survey.status_label() in listing


def test_two_new_questions_without_a_key_each_get_their_own(client, make_user):
    """The help text says an empty key is made; two empty ones are not duplicates of each other."""
    client.force_login(make_user(role="social_work_staff"))
    form = _survey_form(**{"questions-0-key": "", "questions-1-key": ""})
    response = client.post(reverse("wagtailsnippets_eraati_survey:add"), form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    keys = list(Survey.objects.get(slug="maaliskuu").questions.values_list("key", flat=True))
    assert len(set(keys)) == 2 and all(key.startswith("q-") for key in keys)


def test_translated_options_must_match_the_finnish_ones_in_the_admin(client, make_user):
    client.force_login(make_user(role="social_work_staff"))
    form = _survey_form(**{"questions-1-options_sv": "Per telefon", "questions-1-text_sv": "Hur?"})
    response = client.post(reverse("wagtailsnippets_eraati_survey:add"), form)
    assert response.status_code == 200
    assert "samassa järjestyksessä" in response.content.decode()
    assert "Per telefon" in response.content.decode()  # what was typed is kept
    assert not Survey.objects.exists()
    form["questions-1-options_sv"] = "Per telefon\nPå byrån"
    assert client.post(reverse("wagtailsnippets_eraati_survey:add"), form).status_code == 302
    question = Survey.objects.get(slug="maaliskuu").questions.get(kind="single")
    assert question.options_sv == "Per telefon\nPå byrån" and question.options_en in ("", None)


def test_an_empty_address_is_made_from_the_title(client, make_user):
    client.force_login(make_user(role="social_work_staff"))
    response = client.post(reverse("wagtailsnippets_eraati_survey:add"), _survey_form(slug=""))
    assert response.status_code == 302
    assert Survey.objects.get().slug == "maaliskuun-eraati"
    again = client.post(reverse("wagtailsnippets_eraati_survey:add"), _survey_form(slug=""))
    assert again.status_code == 200  # the same title again: the address is taken, said next to it
    assert Survey.objects.count() == 1


def test_invalid_question_is_refused_in_the_admin(client, make_user):
    client.force_login(make_user(role="social_work_staff"))
    response = client.post(
        reverse("wagtailsnippets_eraati_survey:add"), _survey_form(**{"questions-1-options_fi": "vain yksi"})
    )
    assert response.status_code == 200
    assert not Survey.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "peer_moderator"])
def test_other_roles_cannot_build_surveys(client, make_user, role):
    client.force_login(make_user(role=role))
    assert client.get(reverse("wagtailsnippets_eraati_survey:add")).status_code in (302, 403)
    client.post(reverse("wagtailsnippets_eraati_survey:add"), _survey_form())
    assert not Survey.objects.exists()


def test_staff_pick_a_free_text_answer_as_a_quote(client, make_user, make_survey, answer):
    survey = make_survey()
    response = answer(survey, {"free-word": "Asun Hervannassa ja jonot ovat pitkiä"})
    text_answer = response.answers.get()
    client.force_login(make_user(role="coordinator"))
    assert client.get(reverse("eraati_contacts:free_text", args=[survey.pk])).status_code in (302, 403)
    client.force_login(make_user(role="social_work_staff"))
    listing = client.get(reverse("eraati_contacts:free_text", args=[survey.pk]))
    assert "Hervannassa" in listing.content.decode()
    picked = client.post(
        reverse("eraati_contacts:pick_quote", args=[survey.pk]),
        {"question": text_answer.question_id, "digest": selectors.free_text_digest(text_answer.text)},
    )
    quote = Quote.objects.get()
    assert picked.url == reverse("eraati_quote:edit", args=[quote.pk])
    assert quote.text == text_answer.text and not quote.published


@pytest.fixture
def meeting(db):
    council = Council.objects.create(name="Aikuissosiaalityön asiakasraati")
    return Meeting.objects.create(
        council=council,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        place="Kaupungintalo",
        capacity=12,
    )


def test_memo_is_published_as_a_page_linked_to_the_meeting(client, home_page, meeting, make_user):
    memo = home_page.add_child(
        instance=CouncilMemoPage(
            title="Asiakasraadin muistio",
            slug="raati-muistio",
            meeting=meeting,
            body=[("paragraph", "<p>Käsittelimme jonotusaikoja.</p>")],
            live=False,
        )
    )
    assert client.get(memo.url or "/raati-muistio/").status_code == 404
    memo.save_revision().publish()
    memo.refresh_from_db()
    page = client.get(memo.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Käsittelimme jonotusaikoja." in html and "Kaupungintalo" in html
    assert meeting.memo_page == memo
    client.force_login(make_user(role="social_work_staff"))
    attendance = client.get(reverse("eraati_contacts:attendance", args=[meeting.pk])).content.decode()
    assert memo.url in attendance


def test_annual_report_embeds_live_suppressed_results_and_what_we_did(
    client, home_page, make_survey, answer, close_survey
):
    published = make_survey(title="Tammikuun eRaati")
    for _ in range(5):
        answer(published, {"contact-way": 1, "services-easy": 4})
    for _ in range(2):
        answer(published, {"contact-way": 2, "services-easy": 4})
    close_survey(published)
    embargoed = make_survey(title="Joulukuun eRaati")
    report = home_page.add_child(
        instance=ResultsReportPage(
            title="ePos-vuosiraportti 2026",
            slug="epos-2026",
            year=2026,
            intro="Näin asiakkaat vastasivat.",
            body=[
                ("survey_results", {"survey": published, "question_keys": "contact-way"}),
                ("survey_results", {"survey": embargoed, "question_keys": ""}),
                ("question_trend", {"question_key": "services-easy", "year": timezone.now().year}),
            ],
            what_we_did=[
                (
                    "action",
                    {
                        "finding": "Jonot koettiin pitkiksi",
                        "action": "Lisäsimme puhelinaikoja.",
                        "status": "done",
                    },
                )
            ],
        )
    )
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert "Tammikuun eRaati" in html
    assert "Miten asioit useimmiten?" in html
    assert (
        "Palveluihin on helppo päästä." not in html.split("Joulukuun eRaati")[0]
    )  # only the chosen question
    assert "alle 5" in html  # the two visits are suppressed
    assert "Tulokset julkaistaan" in html  # the December survey is still under embargo
    assert "Lisäsimme puhelinaikoja." in html and "Mitä teimme tulosten pohjalta" in html
    assert "eraati/eraati.css" in html  # carries the print stylesheet
    assert Page.objects.filter(pk=report.pk, live=True).exists()


def test_admin_messages_of_a_new_survey_are_plain_finnish(client, make_user):
    """Not Wagtail's "Mallin Kysely '…' luotu" or "Kysely ei voitu luoda": the model's name is not inflected."""
    client.force_login(make_user(role="social_work_staff"))
    url = reverse("wagtailsnippets_eraati_survey:add")
    refused = client.post(url, _survey_form(title_fi=""))
    assert [str(message).strip() for message in refused.context["messages"]] == [
        "Mitään ei luotu: korjaa alla merkityt virheet."
    ]
    created = client.post(url, _survey_form(), follow=True)
    messages = [str(message).splitlines()[0] for message in created.context["messages"]]  # then buttons
    assert messages == [f"Luotu: ”Maaliskuun eRaati” ({Survey._meta.verbose_name})."]
    assert Survey._meta.verbose_name == "kysely"
