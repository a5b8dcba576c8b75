"""Content in Finnish, Swedish and English, and what is shown where a translation is missing.

Pages are translated with wagtail-localize; every other model's texts with django-modeltranslation (a
column per language, registered in each app's ``translation.py``). Either way a missing translation
falls back to Finnish, and the Finnish text is marked ``lang="fi"`` with a short "(suomeksi)" note so
that a screen reader speaks it as Finnish (WCAG 3.1.2) and the reader knows why.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import get_language
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

DEFAULT = settings.LANGUAGE_CODE


def active() -> str:
    """The language of the request (the default outside one)."""
    return (get_language() or DEFAULT)[:2]


def url_in_language(url: str, language: str) -> str:
    """``url``, a path of this site in any language (``/forum/``, ``/sv/forum/``), in ``language``; as it
    is where it is no page of the site."""
    path = urlsplit(url).path
    source = next(
        (code for code, _name in settings.LANGUAGES if code != DEFAULT and path.startswith(f"/{code}/")),
        DEFAULT,
    )
    with translation.override(source):  # the path resolves only in its own language
        return translate_url(url, language)


def lang_attribute(language: str) -> str:
    """`` lang="fi"`` for text in another language than the page around it, else nothing."""
    return format_html(' lang="{}"', language) if language != active() else ""


def translated_fields(model) -> tuple[str, ...]:
    """The fields of ``model`` that have a column per language."""
    return tuple(translator.get_options_for_model(model).fields)


def form_field_name(obj, field: str) -> str:
    """The admin form's name of ``field``: its Finnish column where it has one per language."""
    return build_localized_fieldname(field, DEFAULT) if field in translated_fields(type(obj)) else field


def is_translated(obj, language: str) -> bool:
    """Whether every text of ``obj`` that is written in Finnish is written in ``language`` as well."""
    if language == DEFAULT:
        return True
    return all(
        getattr(obj, build_localized_fieldname(field, language))
        for field in translated_fields(type(obj))
        if getattr(obj, build_localized_fieldname(field, DEFAULT))
    )


def shown_language(*objects) -> str:
    """The language ``objects`` are shown in together: the request's where all of them are translated
    into it, else Finnish, so that one form or table never mixes two languages."""
    language = active()
    return language if all(is_translated(obj, language) for obj in objects) else DEFAULT


class FieldLanguages:
    """``obj.lang_attr.title`` in a template: `` lang="fi"`` where ``title`` is shown in Finnish because
    it has no translation into the page's language, else nothing."""

    def __init__(self, obj):
        self.obj = obj

    def __getitem__(self, field: str) -> str:
        language = active()
        if language != DEFAULT and not getattr(self.obj, build_localized_fieldname(field, language)):
            return lang_attribute(DEFAULT)
        return ""


def in_every_language(obj, field: str, *, into: str | None = None) -> dict[str, str | None]:
    """``obj``'s ``field`` in each language, as keyword arguments for another model's field ``into``
    (``title_fi=..., title_sv=...``): a text copied from one row to another keeps its translations."""
    return {
        build_localized_fieldname(into or field, code): getattr(obj, build_localized_fieldname(field, code))
        for code, _name in settings.LANGUAGES
    }


def marked(obj, field: str) -> str:
    """``obj.field`` escaped, inside ``<span lang="fi">`` where it is shown untranslated: for a text put
    into a translated sentence (``{% blocktranslate with title=... %}``)."""
    attribute = FieldLanguages(obj)[field]
    text = getattr(obj, field)
    return format_html("<span{}>{}</span>", attribute, text) if attribute else format_html("{}", text)


class MarkedTexts:
    """``obj.marked.title`` in a template: the text, inside ``<span lang="fi">`` where it is shown
    untranslated (see ``marked``)."""

    def __init__(self, obj):
        self.obj = obj

    def __getitem__(self, field: str) -> str:
        return marked(self.obj, field)


class TranslatedTexts:
    """A model mixin for the models registered in a ``translation.py``."""

    @property
    def lang_attr(self) -> FieldLanguages:
        return FieldLanguages(self)

    @property
    def marked(self) -> MarkedTexts:
        return MarkedTexts(self)


def other_languages() -> list[tuple[str, str]]:
    """(code, name) of every language but Finnish."""
    return [(code, name) for code, name in settings.LANGUAGES if code != DEFAULT]


def translation_panels(*fields: str) -> list:
    """One collapsed admin panel per other language with ``fields`` in it (``title_sv``, ``intro_sv``);
    the Finnish fields (``title_fi``) stand in the model's own panels."""
    return [
        MultiFieldPanel(
            [FieldPanel(build_localized_fieldname(field, code)) for field in fields],
            heading=name,
            classname="collapsed",
        )
        for code, name in other_languages()
    ]


def optional_translations(form) -> None:
    """A translation may be left empty (the Finnish text is shown, marked): no field of another language
    is required in an admin form, and the Finnish one is wherever the model requires the text."""
    model = form._meta.model
    for field in translated_fields(model):
        for code, _name in settings.LANGUAGES:
            form_field = form.fields.get(build_localized_fieldname(field, code))
            if form_field is not None:
                form_field.required = code == DEFAULT and not model._meta.get_field(field).blank


class TranslationsOptionalForm(WagtailAdminModelForm):
    """The ``base_form_class`` of a model with texts in every language: only the Finnish ones can be
    required, in the form and in its inline forms (a survey's questions)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        optional_translations(self)
        for formset in self.formsets.values():
            for form in formset.forms:
                optional_translations(form)


def finnish_from_originals(model: str, fields: tuple[str, ...]):
    """A migration step (``RunPython``) for a model whose ``fields`` have just been given a column per
    language: the texts written before are Finnish, so each field's Finnish column takes its value.
    ``model`` is ``"app_label.ModelName"``. One UPDATE, whatever the number of rows."""
    from django.db import migrations
    from django.db.models import F

    def forwards(apps, schema_editor):
        apps.get_model(model).objects.update(
            **{build_localized_fieldname(field, DEFAULT): F(field) for field in fields}
        )

    forwards.fills = (model, fields)  # read by the test that no migration forgets the step
    return migrations.RunPython(forwards, migrations.RunPython.noop)
