"""The XSS corpus through the site's own forms: the accessibility feedback form (read by staff in the
Wagtail admin), the sign-up form's pseudonym, and the site search's query."""

from urllib.parse import quote

import pytest
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.forms.utils import get_form_types

from accounts import roles
from cms.models import FeedbackFormPage
from cms.setup import setup_site
from tests.e2e.xss import assert_nothing_ran, check_open_page, check_page, trapped_page
from tests.xss import one_line_payloads, xss_payloads

TYPED = "</textarea><img src=x onerror=window.__xss=1>"


@pytest.mark.slow
def test_feedback_sent_through_the_form_runs_nothing_in_the_admin(live_server, new_page, make_user):
    setup_site()
    page_model = FeedbackFormPage.objects.get(slug="palaute", locale__language_code="fi")
    feedback, email = (field.clean_name for field in page_model.form_fields.order_by("sort_order"))
    # What the form page stores for each sending (Wagtail's process_form_submission), for the corpus.
    for payload in xss_payloads():
        FormSubmission.objects.create(page=page_model, form_data={feedback: payload, email: ""})

    page, dialogs = trapped_page(new_page, live_server.url)
    page.goto(live_server.url + page_model.url)
    page.get_by_label("Palaute").fill(TYPED)
    page.get_by_label("Sähköposti", exact=False).fill(TYPED)
    page.get_by_label("Kirjoita kuvan merkit", exact=False).fill("PASSED")
    page.get_by_role("button", name="Lähetä").click()
    # The address is not valid: the form comes back with both texts as typed.
    assert page.get_by_label("Palaute").input_value() == TYPED
    check_open_page(page, dialogs, "main")
    page.get_by_label("Sähköposti", exact=False).fill("")
    page.get_by_label("Kirjoita kuvan merkit", exact=False).fill("PASSED")
    page.get_by_role("button", name="Lähetä").click()
    page.get_by_text("Kiitos palautteesta!").wait_for()
    assert_nothing_ran(page, dialogs)
    assert any(sent.form_data[feedback] == TYPED for sent in FormSubmission.objects.all())

    # Wagtail caches the form page types; an earlier browser test's flush made new content type rows.
    get_form_types.cache_clear()
    page, dialogs = trapped_page(new_page, live_server.url, make_user(role=roles.COORDINATOR))
    url = f"{live_server.url}/admin/forms/submissions/{page_model.pk}/"
    check_page(page, dialogs, url, "main", expect_text="window.__xss")


@pytest.mark.slow
def test_pseudonym_and_search_query_are_shown_back_as_text(live_server, new_page, home_page):
    page, dialogs = trapped_page(new_page, live_server.url)
    page.goto(live_server.url + "/accounts/signup/")
    pseudonym = one_line_payloads(40)[0]
    page.get_by_label("Nimimerkki").fill(pseudonym)
    page.get_by_label("Sähköpostiosoite").fill(TYPED)
    page.get_by_role("button", name="Rekisteröidy").click()
    # Refused (letters, digits and - _ . only), and shown back as typed.
    assert page.get_by_label("Nimimerkki").input_value() == pseudonym
    check_open_page(page, dialogs, "main")
    for payload in one_line_payloads(200)[::40]:
        check_page(page, dialogs, f"{live_server.url}/search/?q={quote(payload)}", "main")
        assert page.locator("main input[name=q]").input_value() == payload
