"""The page trees in Swedish and English.

Every language has its own tree under its own home page, kept in step with the Finnish one by
wagtail-localize's "synchronise from": a page not yet translated stands in the other trees as an *alias*
of the Finnish page (same address under /sv/ or /en/, the Finnish text), so every link keeps the reader's
language. An editor turns an alias into a translation with "Translate this page" in the admin; Wagtail
keeps aliases up to date when the Finnish page is published.
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from kuulluksi import languages


def ensure_locales() -> None:
    """A locale for every language of the site; every one but Finnish synchronised from Finnish."""
    from wagtail_localize.models import LocaleSynchronization  # models of an app loaded after this one

    default, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.LANGUAGES:
        locale, _created = Locale.objects.get_or_create(language_code=code)
        if locale != default:
            LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": default})


@transaction.atomic
def synchronise_page_trees() -> None:
    """Give every Finnish page its alias in each synchronised language that has neither a translation
    nor an alias of it (pages made outside the admin: the site setup, the demo, a command)."""
    from wagtail_localize.models import LocaleSynchronization
    from wagtail_localize.synctree import synchronize_tree

    for synchronisation in LocaleSynchronization.objects.select_related("locale", "sync_from"):
        synchronize_tree(synchronisation.sync_from, synchronisation.locale)


class TranslatedPage:
    """A page type mixin: what a template needs to mark a page that is shown in Finnish because it has no
    translation into the reader's language (``page.lang_attr`` on its title and text, and
    ``page.untranslated`` for the "(suomeksi)" note)."""

    @property
    def content_language(self) -> str:
        if self.alias_of_id:  # an alias carries the text of the page it stands for: a Finnish one
            return settings.LANGUAGE_CODE
        return self.locale.language_code

    @property
    def untranslated(self) -> bool:
        return self.content_language != languages.active()

    @property
    def lang_attr(self) -> str:
        return languages.lang_attribute(self.content_language)

    def breadcrumbs(self):
        """The pages above this one below the home page (which the wordmark links to), in this page's
        language tree, so that every crumb keeps the reader's language."""
        return self.get_ancestors().filter(depth__gt=2).specific()


def publish_translation(source, language: str, **fields):
    """Publish ``source``'s page in ``language`` with ``fields`` (its title and texts) in place of its
    alias, once: a translation that already exists is left as the editors keep it. For pages that come
    with every site and for the demo; editors translate in the admin."""
    locale = Locale.objects.get(language_code=language)
    target = source.get_translation_or_none(locale)
    if target is not None and target.alias_of_id is None:
        return target.specific
    if target is None:
        target = source.copy_for_translation(locale, copy_parents=True)
    target = target.specific
    target.alias_of = None
    for name, value in fields.items():
        setattr(target, name, value)
    target.save_revision().publish()
    return target
