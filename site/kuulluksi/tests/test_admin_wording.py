"""The admin counts records and names what "Add" adds in each language's own forms.

Wagtail writes the number before the plural name ("25 kyselyt", where Finnish says "25 kyselyä") and
puts the InlinePanel's label after "Add" ("Lisää Kysymys"); the project's viewsets and panels say both
in words each catalogue translates.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.admin.panels import InlinePanel
from wagtail.models import get_page_models
from wagtail.users.models import UserProfile

from eraati import conftest as eraati_fixtures
from eraati.models import Survey
from kuulluksi.admin_viewsets import CountedPaginator
from testing.admin import project_viewsets

PROJECT_VIEWSETS = project_viewsets()
make_survey = eraati_fixtures.make_survey


def _panels(panel):
    yield panel
    for child in getattr(panel, "children", ()):
        yield from _panels(child)


def _inline_panels():
    handlers = [model.get_edit_handler() for model in get_page_models()]
    handlers += [viewset.get_edit_handler() for viewset in PROJECT_VIEWSETS]
    return [panel for handler in handlers for panel in _panels(handler) if isinstance(panel, InlinePanel)]


def test_every_project_list_is_counted():
    assert len(PROJECT_VIEWSETS) >= 18
    assert [type(viewset).__name__ for viewset in PROJECT_VIEWSETS if viewset.count_phrase is None] == []


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_counts_use_the_plural_form_of_the_language(language):
    wrong = []
    for viewset in PROJECT_VIEWSETS:
        phrase = viewset.count_phrase
        with translation.override("en"):
            english = [phrase % {"count": count} for count in (1, 5)]
        with translation.override(language):
            one, five = (phrase % {"count": count} for count in (1, 5))
            plural_name = str(viewset.model._meta.verbose_name_plural)
        if [one, five] == english or not (one.startswith("1 ") and five.startswith("5 ")):
            wrong.append(f"{type(viewset).__name__}: untranslated {one!r} / {five!r}")
        if language == "fi" and five == f"5 {plural_name}":
            wrong.append(f"{type(viewset).__name__}: nominative plural after a number: {five!r}")
    assert wrong == []


@pytest.mark.django_db
def test_a_list_without_a_phrase_keeps_wagtails_wording():
    """A viewset added later without ``count_phrase`` still lists its records instead of failing."""
    paginator = CountedPaginator(Survey.objects.none(), 20)
    assert paginator.items_count_label == f"0 {Survey._meta.verbose_name_plural}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_add_buttons_name_the_item_in_lower_case(language):
    """The label follows "Lisää" / "Lägg till"; Wagtail capitalises it itself where it heads an item."""
    with translation.override(language):
        labels = [str(panel.label) for panel in _inline_panels()]
    assert len(labels) >= 5
    assert [label for label in labels if label[:1] != label[:1].lower()] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "count_text", "add_text"),
    [
        ("fi", "25 kyselyä", "Lisää kysymys"),
        ("sv", "25 enkäter", "Lägg till fråga"),
        ("en", "25 surveys", "Add question"),
    ],
)
def test_the_survey_list_counts_and_the_builder_adds_in_the_readers_language(
    client, make_user, make_survey, language, count_text, add_text
):
    for _number in range(25):
        make_survey()
    staff = make_user(role="social_work_staff")
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = language
    profile.save()
    client.force_login(staff)
    listing = client.get(reverse("wagtailsnippets_eraati_survey:list")).content.decode()
    assert count_text in listing
    assert "25 kyselyt" not in listing  # the nominative plural after a number
    builder = client.get(reverse("wagtailsnippets_eraati_survey:add")).content.decode()
    assert add_text in builder
    assert "Lisää Kysymys" not in builder
