from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class BaseStreamBlock(blocks.StreamBlock):
    """The content blocks shared by every page type with a free-form body."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        form_classname="title",
        icon="title",
        template="cms/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4"],
        icon="pilcrow",
    )
    image = ImageBlock(label=_("Image"), required=False)  # ImageBlock requires alt text (or "decorative")
