"""The K-talk registers and the follow-up of commitments in every language (django-modeltranslation; see
``kuulluksi/languages.py``): a host body's and a theme's name, a decision-maker's title and organisation,
a commitment and each of its updates. A commitment is one row whatever language it is read in, so its
status and follow-up are the same on the Finnish page and on its translations."""

from modeltranslation.translator import TranslationOptions, register

from .models import Commitment, CommitmentUpdate, DecisionMaker, HostBody, Theme


@register(HostBody)
class HostBodyTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = None  # an untranslated name is NULL, not "", so that names stay unique per language


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = None


@register(DecisionMaker)
class DecisionMakerTranslation(TranslationOptions):
    fields = ("title", "organisation")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("promise",)


@register(CommitmentUpdate)
class CommitmentUpdateTranslation(TranslationOptions):
    fields = ("note",)
