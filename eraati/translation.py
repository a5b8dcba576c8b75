"""The survey texts that are given in every language (django-modeltranslation: ``title_fi``, ``title_sv``,
``title_en`` beside ``title``). A survey stays one row whatever language it is answered in, and an option
is the same line in every language, so the answers make one set of results."""

from modeltranslation.translator import TranslationOptions, register

from .models import Question, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro")
    required_languages = {"fi": ("title",)}


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "options")
    required_languages = {"fi": ("text",)}
