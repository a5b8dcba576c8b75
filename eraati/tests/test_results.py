"""Results: aggregation in the database, rounding and "fewer than 5", embargo, breakdowns, trends, exports."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from eraati import disclosure, selectors
from eraati.models import Question, Survey
from eraati.questions import median_from_counts

pytestmark = pytest.mark.django_db


def _cells(results, key):
    result = next(r for r in results.questions if r.question.key == key)
    return result, {cell.value: cell.count for cell in result.cells}


def _answer_many(answer, survey, rows):
    for values, times in rows:
        for _ in range(times):
            answer(survey, values)


@pytest.fixture
def five_and_four(make_survey, answer, close_survey):
    """Nine answers: option 1 chosen five times, option 2 four times (a closed survey)."""
    survey = make_survey()
    _answer_many(
        answer,
        survey,
        [
            ({"contact-way": 1, "services-easy": 5, "recommend": 7, "age-band": 1}, 5),
            ({"contact-way": 2, "services-easy": 2, "recommend": 3, "age-band": 2}, 4),
        ],
    )
    return close_survey(survey)


def test_four_is_fewer_than_five_and_five_is_shown(five_and_four):
    results = disclosure.survey_results(five_and_four)
    assert results.n in (5, 10)  # 9, rounded at random to a multiple of 5
    result, counts = _cells(results, "contact-way")
    assert result.n == results.n  # the same nine people: the same published number
    assert counts[1] == 5  # a multiple of 5 is published as it is
    assert counts[2] is None  # 4 answers: "fewer than 5"
    assert counts[3] is None  # 0 answers: "fewer than 5" too (true, and zero is not told apart)
    percent = {cell.value: cell.percent for cell in result.cells}
    assert percent[1] == pytest.approx(round(100 * 5 / results.n, 1))  # from the published numbers only
    assert percent[2] is None


def test_only_counts_below_five_say_fewer_than_five(make_survey, answer, close_survey):
    survey = make_survey(questions=[("q", Question.Kind.SINGLE, "Q", "a\nb\nc", False, False)])
    _answer_many(answer, survey, [({"q": 1}, 6), ({"q": 2}, 7), ({"q": 3}, 2)])
    close_survey(survey)
    result, counts = _cells(disclosure.survey_results(survey), "q")
    # c (2) is "fewer than 5"; a and b are rounded, never hidden to protect c (n = 15 - 6 - 7 no longer
    # works: every number is rounded on its own).
    assert counts[3] is None
    assert counts[1] in (5, 10) and counts[2] in (5, 10)
    assert result.n == 15


def test_rounding_is_unbiased_and_the_same_people_always_get_the_same_number():
    secret = "s" * 64
    published = [disclosure.rounded(7, key, secret=secret, base=5) for key in range(4000)]
    assert set(published) == {5, 10}
    assert published.count(10) / len(published) == pytest.approx(2 / 5, abs=0.03)  # 7 = 5 + 2
    assert [disclosure.rounded(7, key, secret=secret, base=5) for key in range(4000)] == published
    assert [disclosure.rounded(n, 1, secret=secret, base=5) for n in (0, 4, 5, 10, 15)] == [
        None,
        None,
        5,
        10,
        15,
    ]
    for n in range(5, 200):  # never off by 5 or more, never a "fewer than 5" for 5 or more
        published = disclosure.rounded(n, n * 7919, secret=secret, base=5)
        assert published % 5 == 0 and published >= 5 and abs(published - n) < 5


def test_question_or_survey_with_fewer_than_five_answers_is_hidden_entirely(
    make_survey, answer, close_survey
):
    survey = make_survey()
    _answer_many(answer, survey, [({"contact-way": 1}, 4)])
    close_survey(survey)
    results = disclosure.survey_results(survey)
    assert results.below
    assert all(result.below and result.cells == [] for result in results.questions)


def test_one_question_answered_by_four_is_hidden_while_the_rest_show(make_survey, answer, close_survey):
    survey = make_survey()
    _answer_many(answer, survey, [({"contact-way": 1, "recommend": 9}, 4), ({"contact-way": 1}, 1)])
    close_survey(survey)
    results = disclosure.survey_results(survey)
    assert results.n == 5
    assert not _cells(results, "contact-way")[0].below
    assert _cells(results, "recommend")[0].below


def test_medians_and_cant_say(make_survey, answer, close_survey):
    survey = make_survey()
    _answer_many(
        answer,
        survey,
        [
            ({"services-easy": 0, "recommend": 10}, 5),
            ({"services-easy": 4, "recommend": 0}, 5),
            ({"services-easy": 2}, 6),
        ],
    )
    close_survey(survey)
    results = disclosure.survey_results(survey)
    agree, counts = _cells(results, "services-easy")
    assert counts[0] == 5  # "can't say" is counted and shown ...
    assert counts[2] in (5, 10)  # 6, rounded
    # ... but left out of the median, which is that of the published counts (2 x5 or x10, 4 x5)
    assert agree.median == (2.0 if counts[2] == 10 else 3.0)
    rating, _counts = _cells(results, "recommend")
    assert rating.median == 5.0  # 0 x5 and 10 x5
    assert median_from_counts({}) is None
    assert median_from_counts({1: 1, 3: 1, 5: 1}) == 3.0


def test_results_take_a_fixed_number_of_queries(make_survey, answer, close_survey):
    survey = make_survey()
    _answer_many(answer, survey, [({"contact-way": 1, "needs": [1, 2]}, 5)])
    close_survey(survey)
    disclosure.survey_results(survey)  # the publication check runs once per set of responses
    with CaptureQueriesContext(connection) as few:
        disclosure.survey_results(survey)
    _answer_many_closed(survey, answer, close_survey)
    disclosure.survey_results(survey)
    with CaptureQueriesContext(connection) as many:
        disclosure.survey_results(survey)
    assert len(few) == len(many) == 6  # 5 for the counts, 1 for the check's key


def _answer_many_closed(survey, answer, close_survey):
    survey.closes_at = survey.closes_at + datetime.timedelta(days=60)
    survey.save()
    _answer_many(answer, survey, [({"contact-way": 2, "needs": [3], "recommend": 5}, 30)])
    close_survey(survey)


def test_free_text_is_never_published_only_picked_quotes(client, make_survey, answer, close_survey):
    from eraati.models import Quote

    survey = make_survey()
    _answer_many(answer, survey, [({"free-word": "Nimeni on Matti ja asun Hervannassa"}, 5)])
    close_survey(survey)
    question = survey.questions.get(key="free-word")
    Quote.objects.create(question=question, text="Asun [alueella].", published=True)
    Quote.objects.create(question=question, text="Luonnos", published=False)
    html = client.get(reverse("eraati:results", args=[survey.slug])).content.decode()
    assert "Hervannassa" not in html
    assert "Asun [alueella]." in html
    assert "Luonnos" not in html


def test_embargo_until_close_and_results_day_with_staff_preview(client, make_survey, answer, make_user):
    survey = make_survey()
    _answer_many(answer, survey, [({"contact-way": 1}, 5)])
    url = reverse("eraati:results", args=[survey.slug])
    embargoed = client.get(url)
    assert embargoed.status_code == 403
    assert "Tulokset julkaistaan" in embargoed.content.decode()
    assert client.get(reverse("eraati:results_export", args=[survey.slug, "csv"])).status_code == 403
    assert survey not in selectors.surveys_with_public_results()

    client.force_login(make_user(role="coordinator"))
    assert client.get(url).status_code == 403
    client.force_login(make_user(role="social_work_staff"))
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Henkilöstön esikatselu" in preview.content.decode()

    survey.closes_at = survey.opens_at + datetime.timedelta(hours=1)
    survey.results_on = timezone.localdate() + datetime.timedelta(days=2)
    survey.save()
    client.logout()
    assert client.get(url).status_code == 403  # closed, but the results day has not come
    survey.results_on = timezone.localdate()
    survey.save()
    public = client.get(url)
    assert public.status_code == 200
    assert "Henkilöstön esikatselu" not in public.content.decode()
    assert survey in selectors.surveys_with_public_results()


def test_results_page_has_an_svg_chart_and_the_numbers_in_a_table(client, five_and_four):
    html = client.get(reverse("eraati:results", args=[five_and_four.slug])).content.decode()
    assert '<svg class="bar-chart" role="img"' in html
    assert "<title id=" in html
    assert "<table" in html and '<th scope="row">Puhelimessa</th>' in html
    assert "alle 5" in html
    assert "<script" not in html.split("<main", 1)[1]


def test_breakdown_by_background_shows_small_groups_as_fewer_than_five(client, five_and_four):
    by = five_and_four.questions.get(key="age-band")
    tables = dict(disclosure.breakdowns(disclosure.survey_results(five_and_four), by))
    groups = {group.label: group for group in tables[five_and_four.questions.get(key="services-easy")]}
    assert groups["alle 30"].n == 5
    assert {cell.value: cell.count for cell in groups["alle 30"].cells}[5] == 5
    assert groups["30-49"].n is None  # four people: the whole group is hidden
    assert groups["50 tai yli"].n is None
    html = client.get(reverse("eraati:results", args=[five_and_four.slug]) + f"?by={by.pk}").content.decode()
    assert "Vastaukset ryhmittäin: Ikäryhmä" in html


def test_trend_of_a_reused_question_across_months(client, make_survey, answer, close_survey):
    months = []
    for month, value in ((1, 2), (2, 4), (3, 5)):
        survey = make_survey(title=f"Kuukausi {month}")
        _answer_many(answer, survey, [({"services-easy": value}, 5)])
        close_survey(survey)
        survey.opens_at = survey.opens_at + datetime.timedelta(days=month)
        survey.save()
        months.append(survey)
    sparse = make_survey(title="Harva")
    _answer_many(answer, sparse, [({"services-easy": 1}, 3)])
    close_survey(sparse)
    running = make_survey(title="Auki")
    _answer_many(answer, running, [({"services-easy": 1}, 5)])
    trend = disclosure.question_trend("services-easy")
    by_title = {point.title: point for point in trend}
    assert [by_title[f"Kuukausi {m}"].mean for m in (1, 2, 3)] == [2, 4, 5]
    assert by_title["Harva"].mean is None  # fewer than five: hidden
    assert "Auki" not in by_title  # still under embargo
    reused = selectors.reused_keys(months[0])
    assert "services-easy" in reused
    assert "free-word" not in reused and "contact-way" not in reused  # only numeric questions trend
    html = client.get(reverse("eraati:results", args=[months[0].slug])).content.decode()
    assert "Kehitys kuukausittain" in html
    # In Swedish each month is its survey's Swedish title, or the Finnish one marked as Finnish.
    Survey.objects.filter(pk=months[1].pk).update(title_sv="Månad 2")
    with translation.override("sv"):
        swedish = client.get(reverse("eraati:results", args=[months[0].slug])).content.decode()
    assert '<th scope="row">Månad 2</th>' in swedish
    assert '<th scope="row" lang="fi">Kuukausi 3</th>' in swedish


def test_aggregate_exports_publish_the_numbers_of_the_page(client, five_and_four):
    csv_response = client.get(reverse("eraati:results_export", args=[five_and_four.slug, "csv"]))
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    contact_way = {row[2]: row[3] for row in rows if row[0] == "contact-way"}
    assert contact_way == {"Puhelimessa": "5", "Käymällä": "alle 5", "Verkossa": "alle 5"}
    assert not any(row[0] == "free-word" for row in rows)

    xlsx_response = client.get(reverse("eraati:results_export", args=[five_and_four.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    xlsx_rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    n = disclosure.survey_results(five_and_four).n
    assert n in (5, 10)
    assert ["contact-way", "Miten asioit useimmiten?", "Käymällä", "alle 5", None, n] in xlsx_rows
    assert "pyöristetty" in xlsx_rows[0][0] and "pyöristetty" in rows[0][0]  # the method, first


def test_answer_export_is_for_staff_only_and_has_one_row_per_response(
    client, five_and_four, make_user, answer
):
    url_csv = reverse("eraati:answers_export", args=[five_and_four.slug, "csv"])
    url_xlsx = reverse("eraati:answers_export", args=[five_and_four.slug, "xlsx"])
    assert client.get(url_csv).status_code in (302, 403)
    for role in ("coordinator", "peer_moderator", "citizen"):
        client.force_login(make_user(role=role))
        assert client.get(url_csv).status_code == 403
    client.force_login(make_user(role="social_work_staff"))
    rows = list(csv.reader(io.StringIO(client.get(url_csv).content.decode("utf-8-sig"))))
    keys = [q.key for q in five_and_four.questions.all()]
    assert rows[0][1:] == keys
    assert len(rows) == 10
    assert sum(1 for row in rows[1:] if row[keys.index("contact-way") + 1] == "Käymällä") == 4
    sheet = load_workbook(io.BytesIO(client.get(url_xlsx).content)).active
    assert sheet.max_row == 10


def test_survey_lists_on_the_index(client, make_survey, five_and_four):
    open_survey = make_survey(title="Avoin kysely")
    deeper = make_survey(title="Syventävä", kind=Survey.Kind.DEEPER)
    html = client.get(reverse("eraati:index")).content.decode()
    assert "Avoin kysely" in html
    assert five_and_four.title in html
    assert deeper.title not in html
    assert open_survey.slug in html


def test_exact_figures_are_for_staff_only_and_say_not_for_publication(client, five_and_four, make_user):
    url = reverse("eraati:results", args=[five_and_four.slug])
    export = reverse("eraati:results_export", args=[five_and_four.slug, "csv"])
    for user in (None, make_user(role="coordinator")):
        if user:
            client.force_login(user)
        html = client.get(url, {"exact": "1"}).content.decode()
        assert "ei julkaistavaksi" not in html.lower() and "(pyöristetty)" in html
        rows = list(csv.reader(io.StringIO(client.get(export, {"exact": "1"}).content.decode("utf-8-sig"))))
        assert {row[2]: row[3] for row in rows if row[0] == "contact-way"}["Käymällä"] == "alle 5"
    client.force_login(make_user(role="social_work_staff"))
    public = client.get(url).content.decode()
    assert "Näytä tarkat luvut" in public and "(pyöristetty)" in public
    exact = client.get(url, {"exact": "1"}).content.decode()
    assert "Tarkat luvut henkilöstölle: ei julkaistavaksi." in exact
    assert "9 ihmistä vastasi kyselyyn (tarkka)" in exact and "(pyöristetty)" not in exact
    assert '<td class="num">4</td>' in exact  # the four visits, exactly
    breakdown = client.get(url, {"exact": "1", "by": five_and_four.questions.get(key="age-band").pk})
    assert "Vastaukset (tarkka määrä, %)" in breakdown.content.decode()
    response = client.get(export, {"exact": "1"})
    assert "exact-not-for-publication" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["TARKAT LUVUT HENKILÖSTÖLLE: EI JULKAISTAVAKSI."]
    assert {row[2]: row[3] for row in rows if row[0] == "contact-way"} == {
        "Puhelimessa": "5",
        "Käymällä": "4",
        "Verkossa": "0",
    }


def test_the_results_page_explains_the_method_in_three_languages(client, five_and_four):
    url = reverse("eraati:results", args=[five_and_four.slug])
    for prefix, words in (
        ("", "pyöristetään satunnaisesti ylös- tai alaspäin"),
        ("/sv", "avrundas slumpvis uppåt eller nedåt"),
        ("/en", "rounded at random up or down to a multiple of 5"),
    ):
        html = client.get(prefix + url).content.decode()
        assert words in html


def test_only_the_disclosure_control_reads_the_true_counts():
    """Views, blocks, templates and anything added later publish through eraati.disclosure only."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    raw = ("result_counts", "breakdown_counts", "trend_counts", "Tally(")
    readers = {
        path.relative_to(root).as_posix()
        for folder in ("eraati", "site", "forum", "chat", "moderation")
        for path in (root / folder).rglob("*.py")
        if "tests" not in path.parts and any(name in path.read_text() for name in raw)
    }
    assert readers == {"eraati/selectors.py", "eraati/disclosure.py"}


@pytest.mark.parametrize(
    "language, shown", [("fi", "17,2\u00a0%"), ("sv", "17,2\u00a0%"), ("en", "17.2\u00a0%")]
)
def test_the_chart_writes_percentages_as_the_table_does_in_the_page_language(language, shown):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    cell = SimpleNamespace(label="Kyllä", below=False, count=10, percent=17.2)
    with translation.override(language):
        chart = render_to_string(
            "eraati/includes/bar_chart.html", {"cells": [cell], "chart_id": 1, "title": "Kysymys", "base": 5}
        )
    assert f"Kyllä: {shown}</text>" in chart
    assert 'width="17.2%"' in chart  # the bar's length is SVG, not text


def test_the_hourly_command_checks_public_results_before_anyone_asks(
    make_survey, answer, close_survey, monkeypatch
):
    """After ``prepare_eraati_results`` a reader's request runs no solver: the check is already cached."""
    survey = make_survey()
    for value in (1, 2, 3, 4, 5, 5, 4):
        answer(survey, {"services-easy": value})
    close_survey(survey)
    still_open = make_survey(slug="auki")
    call_command("prepare_eraati_results", stdout=io.StringIO())

    def no_solver(self):
        raise AssertionError("a reader's request ran the solver")

    monkeypatch.setattr(disclosure._PublishedTables, "settle", no_solver)
    assert disclosure.survey_results(survey).n is not None
    with pytest.raises(AssertionError, match="ran the solver"):
        disclosure.publication_check(still_open)  # not public: not prepared
