"""The community rules in every language (django-modeltranslation: ``title_fi``, ``title_sv``,
``title_en``; see ``kuulluksi/languages.py``). A decision cites one rule whatever language it is read in."""

from modeltranslation.translator import TranslationOptions, register

from .models import Rule


@register(Rule)
class RuleTranslation(TranslationOptions):
    fields = ("title", "body")
