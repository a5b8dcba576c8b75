"""The chat's texts in every language (django-modeltranslation; see ``kuulluksi/languages.py``): a room's
name and description, a session series' title and the title each of its sessions copies; the crisis
contacts' name, opening hours and description (the number and address are one)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ChatSession, CrisisContact, Room, SessionSeries


@register(CrisisContact)
class CrisisContactTranslation(TranslationOptions):
    fields = ("name", "hours", "description")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name", "description")


@register(SessionSeries)
class SessionSeriesTranslation(TranslationOptions):
    fields = ("title",)


@register(ChatSession)
class ChatSessionTranslation(TranslationOptions):
    fields = ("title",)
