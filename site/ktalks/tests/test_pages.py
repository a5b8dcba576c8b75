"""Page-type rules, routing and rendering, and the editor's validation of voices and images."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import HomePage, InfoPage
from ktalks.blocks import AccessibleImageBlock
from ktalks.models import KTalkIndexPage, KTalkPage

from . import factories


def _voice(pseudonym, *, consent=True, date=None):
    return {
        "pseudonym": pseudonym,
        "consent_given": "on" if consent else "",
        "consent_date": (date or timezone.localdate()).isoformat() if consent or date else "",
        "consent_note": "",
    }


class KTalkPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = factories.index_page()
        cls.host = factories.host_body(name="Eduskunnan sosiaali- ja terveysvaliokunta")
        cls.ktalk = factories.ktalk(
            parent=cls.index,
            title="Toimeentulotuki ja Kela",
            host=cls.host,
            voices=["Pirkko"],
            notes=[
                {"type": "paragraph", "value": "<p>Tilaisuudessa kuultiin kokemuksia.</p>"},
                {"type": "voice_quote", "value": {"quote": "Kukaan ei kysynyt meiltä.", "speaker": "Pirkko"}},
                {
                    "type": "message_to_decision_makers",
                    "value": {"message": "Käsittelyajat on pidettävä.", "addressed_to": "Valiokunta"},
                },
            ],
        )

    def setUp(self):
        super().setUp()
        self.login()

    def test_index_lives_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, KTalkIndexPage)
        self.assertCanNotCreateAt(InfoPage, KTalkIndexPage)
        self.assertAllowedParentPageTypes(KTalkIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(KTalkIndexPage, {KTalkPage})

    def test_ktalk_lives_under_the_index_only_and_has_no_children(self):
        self.assertAllowedParentPageTypes(KTalkPage, {KTalkIndexPage})
        self.assertCanNotCreateAt(HomePage, KTalkPage)
        self.assertAllowedSubpageTypes(KTalkPage, set())

    def test_home_page_offers_the_ktalk_index(self):
        self.assertIn(KTalkIndexPage, HomePage.allowed_subpage_models())

    def test_routes_are_routable_and_renderable(self):
        self.assertPageIsRoutable(self.index)
        self.assertPageIsRoutable(self.index, "commitments/")
        self.assertPageIsRoutable(self.index, "feed/")
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.index, "commitments/")
        self.assertPageIsRoutable(self.ktalk)
        self.assertPageIsRenderable(self.ktalk)

    def test_editors_can_edit_and_preview(self):
        # The notes editor is drawn by JavaScript, so the form data is given rather than read from the HTML.
        data = nested_form_data(
            {
                "title": self.ktalk.title,
                "slug": self.ktalk.slug,
                "starts_at": "2026-03-12 13:00",
                "place": "Pikkuparlamentti",
                "host_body": self.host.pk,
                "voices": inline_formset([_voice("Pirkko")]),
                "notes": streamfield([("voice_quote", {"quote": "Kukaan ei kysynyt.", "speaker": "Pirkko"})]),
            }
        )
        self.assertPageIsEditable(self.ktalk, post_data=data)
        self.assertPageIsPreviewable(self.ktalk, post_data=data)
        self.assertPageIsEditable(self.index)
        self.assertPageIsPreviewable(self.index)

    def test_ktalk_page_shows_the_event_voices_and_notes(self):
        html = self.client.get(self.ktalk.url).content.decode()
        self.assertIn("Eduskunnan sosiaali- ja terveysvaliokunta", html)
        self.assertIn("Kokemusasiantuntijat", html)  # "Voices of experience" heading in Finnish
        self.assertIn("Kukaan ei kysynyt meiltä.", html)
        self.assertIn("Viesti päättäjille", html)
        self.assertIn("Käsittelyajat on pidettävä.", html)

    def test_ktalk_can_be_created_in_the_editor_with_consented_voices(self):
        self.assertCanCreate(
            self.index,
            KTalkPage,
            nested_form_data(
                {
                    "title": "Asuminen Tampereella",
                    "starts_at": "2026-05-20 17:00",
                    "place": "Metso, Tampere",
                    "host_body": self.host.pk,
                    "voices": inline_formset([_voice("Sanna")]),
                    "notes": streamfield([("voice_quote", {"quote": "Asuin sohvilla.", "speaker": "Sanna"})]),
                }
            ),
        )

    def _post_new_ktalk(self, *, voices, notes):
        data = nested_form_data(
            {
                "title": "Ei julkaistava",
                "slug": "ei-julkaistava",
                "starts_at": "2026-05-20 17:00",
                "place": "Metso, Tampere",
                "host_body": self.host.pk,
                "voices": inline_formset(voices),
                "notes": streamfield(notes),
                "action-publish": "action-publish",
            }
        )
        url = reverse("wagtailadmin_pages:add", args=("ktalks", "ktalkpage", self.index.pk))
        return self.client.post(url, data)

    def test_a_voice_without_recorded_consent_is_a_validation_error(self):
        response = self._post_new_ktalk(voices=[_voice("Sanna", consent=False)], notes=[])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(KTalkPage.objects.filter(slug="ei-julkaistava").exists())
        voice_form = response.context["form"].formsets["voices"].forms[0]
        self.assertIn("consent_given", voice_form.errors)
        self.assertIn("consent_date", voice_form.errors)

    def test_consent_date_cannot_be_in_the_future(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self._post_new_ktalk(voices=[_voice("Sanna", date=tomorrow)], notes=[])
        self.assertFalse(KTalkPage.objects.filter(slug="ei-julkaistava").exists())
        self.assertIn("consent_date", response.context["form"].formsets["voices"].forms[0].errors)

    def test_quoting_someone_who_is_not_a_consented_voice_is_a_validation_error(self):
        response = self._post_new_ktalk(
            voices=[_voice("Sanna")],
            notes=[("voice_quote", {"quote": "Kukaan ei kuuntele.", "speaker": "Jari"})],
        )
        self.assertFalse(KTalkPage.objects.filter(slug="ei-julkaistava").exists())
        self.assertIn("notes", response.context["form"].errors)
        self.assertIn("Jari", str(response.context["form"].errors["notes"]))

    def test_place_or_online_link_is_required_and_end_after_start(self):
        page = KTalkPage(
            title="x",
            slug="x",
            starts_at=timezone.now(),
            ends_at=timezone.now() - datetime.timedelta(hours=1),
            host_body=self.host,
        )
        with self.assertRaises(ValidationError) as caught:
            page.clean()
        self.assertEqual(set(caught.exception.message_dict), {"place", "ends_at"})


class ImageAltTextTests(WagtailPageTestCase):
    def test_image_block_requires_alt_text(self):
        image = Image.objects.create(title="Kuva", file=get_test_image_file())
        block = AccessibleImageBlock()
        with self.assertRaises(ValidationError):
            block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))
        value = block.clean(
            block.to_python({"image": image.pk, "alt_text": "Kuulijoita salissa", "caption": ""})
        )
        html = block.render(value)
        self.assertIn('alt="Kuulijoita salissa"', html)
