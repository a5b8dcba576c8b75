import pytest
from django.core.management import call_command

from eraati import disclosure, selectors
from eraati.models import Answer, Council, Meeting, Response, ResultsReportPage, Survey


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_loads_once_with_results_and_cells_below_five(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        Survey.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        Meeting.objects.count(),
    )
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Survey.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        Meeting.objects.count(),
    )
    assert Survey.objects.filter(kind=Survey.Kind.DEEPER).count() == 1
    assert Council.objects.count() == 1
    published = list(selectors.surveys_with_public_results())
    assert len(published) == 2
    results = disclosure.survey_results(published[0])
    cells = [cell for result in results.questions for cell in result.cells]
    assert any(cell.below for cell in cells) and any(not cell.below for cell in cells)
    assert {kind for kind, _label in Survey.Kind.choices} == set(
        Survey.objects.values_list("kind", flat=True)
    )
    kinds = set(published[0].questions.values_list("kind", flat=True))
    assert kinds == {kind for kind, _label in published[0].questions.model.Kind.choices}
    report = ResultsReportPage.objects.get(locale__language_code="fi")
    assert client.get(report.url).status_code == 200
    assert client.get("/eraati/").status_code == 200
