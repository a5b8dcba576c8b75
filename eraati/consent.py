"""The opt-in consent text, versioned.

A new wording gets a new number and the old ones stay here, so that every stored contact can be
shown the exact text it agreed to (``Contact.consent_version``).
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXTS = {
    1: _(
        "I agree that the social services keep my contact details to invite me to the things I chose "
        "above. My details are kept apart from my survey answers and cannot be linked to them. They are "
        "deleted after 12 months, or at once when I use the withdraw link included in every message."
    ),
}
CURRENT_CONSENT_VERSION = max(CONSENT_TEXTS)


def consent_text(version: int = CURRENT_CONSENT_VERSION):
    return CONSENT_TEXTS[version]
