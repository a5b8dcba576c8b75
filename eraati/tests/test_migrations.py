"""Data migrations of eRaati, run on rows that existed before them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


@pytest.mark.django_db(transaction=True)
def test_existing_surveys_and_responses_each_get_their_own_disclosure_keys(migrator):
    before = [("eraati", "0002_submission_receipt")]
    after = [("eraati", "0003_disclosure_keys")]
    executor = migrator
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    survey_model, question_model = old.get_model("eraati", "Survey"), old.get_model("eraati", "Question")
    response_model, answer_model = old.get_model("eraati", "Response"), old.get_model("eraati", "Answer")
    now = timezone.now()
    for n in range(2):
        survey = survey_model.objects.create(
            title=f"s{n}", slug=f"s{n}", opens_at=now, closes_at=now + datetime.timedelta(days=1)
        )
        question = question_model.objects.create(
            survey=survey, sort_order=0, key="q", kind="rating", text="Q"
        )
        for value in range(5):
            response = response_model.objects.create(survey=survey, submitted_on=now.date())
            answer_model.objects.create(response=response, question=question, value=value)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    surveys = new.get_model("eraati", "Survey").objects.all()
    responses = new.get_model("eraati", "Response").objects.all()
    assert len({survey.disclosure_secret for survey in surveys}) == 2
    assert len({response.record_key for response in responses}) == 10
    for answer in new.get_model("eraati", "Answer").objects.select_related("response"):
        assert answer.record_key == answer.response.record_key
