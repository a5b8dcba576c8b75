from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from cms.blocks import BaseStreamBlock


class VoiceQuoteBlock(blocks.StructBlock):
    """A quotation from a voice of experience; the speaker must be a voice with recorded consent."""

    quote = blocks.TextBlock(label=_("Quotation"), rows=4)
    speaker = blocks.CharBlock(
        label=_("Speaker (pseudonym)"),
        max_length=80,
        help_text=_("Must be one of the voices of experience listed on this page, with consent recorded."),
    )

    class Meta:
        icon = "openquote"
        label = _("Voice of experience")
        template = "ktalks/blocks/voice_quote.html"
        preview_value = {"quote": "Kukaan ei kysynyt, miten pärjäämme.", "speaker": "Pirkko"}


class MessageToDecisionMakersBlock(blocks.StructBlock):
    """A message the voices of experience want carried to the decision-makers."""

    message = blocks.TextBlock(label=_("Message"), rows=4)
    addressed_to = blocks.CharBlock(
        label=_("Addressed to"),
        required=False,
        max_length=200,
        help_text=_("For example a committee, a ministry or all decision-makers."),
    )

    class Meta:
        icon = "mail"
        label = _("Message to decision-makers")
        template = "ktalks/blocks/message.html"
        preview_value = {"message": "Toimeentulotuen käsittely ei saa kestää viikkoja.", "addressed_to": ""}


class AccessibleImageBlock(blocks.StructBlock):
    """An image with required alternative text (no "decorative" escape hatch in the notes)."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "ktalks/blocks/image.html"


class NotesStreamBlock(BaseStreamBlock):
    """The notes (muistio) of a K-talk: the shared blocks plus voices and messages."""

    image = AccessibleImageBlock()
    voice_quote = VoiceQuoteBlock()
    message_to_decision_makers = MessageToDecisionMakersBlock()
