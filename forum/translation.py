"""The forum's category names and descriptions in every language (django-modeltranslation; see
``kuulluksi/languages.py``). A category is one row, its topics the same whatever the reader's language."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")
