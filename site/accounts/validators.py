from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

pseudonym_validator = RegexValidator(
    r"^[\w.-]+\Z",
    _("A pseudonym may contain only letters, digits and the characters - _ . (no spaces)."),
)
