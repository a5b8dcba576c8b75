"""The crisis contacts beside the chat in every language (django-modeltranslation; see
``kuulluksi/languages.py``): the name, opening hours and description; the number and address are one."""

from modeltranslation.translator import TranslationOptions, register

from .models import CrisisContact


@register(CrisisContact)
class CrisisContactTranslation(TranslationOptions):
    fields = ("name", "hours", "description")
