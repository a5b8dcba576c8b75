"""Site search: every live, public Wagtail page, plus what the apps' search providers find.

Pages (K-talk notes, results reports, info pages, ...) are found through Wagtail search, so a new
page type is searchable as soon as it declares ``search_fields``. Things that are not pages, such
as forum topics, come from **search providers**: an app names one (or a list) in its AppConfig::

    class ForumConfig(AppConfig):
        search_provider = "forum.search.search_topics"

A provider is a callable ``provider(query, *, request, limit) -> list[SearchHit]`` that returns at
most ``limit`` hits the requesting user may see, best first. Its results are shown as a section
headed with the app's ``verbose_name``.

Every page type of the site is ``BaseFormsIndexed``: beside its own text, the index holds the base
forms and compound parts of its words (``kuulluksi.finnish``), and a query is searched by its words'
base forms, so *hakemus* finds *hakemuksen* and *asunto* finds *vuokra-asunnon* on SQLite and
PostgreSQL alike. Results come best first (the backend's ranking; a match in the title counts more),
each with a snippet of its text in which the words that matched are marked.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString
from wagtail.models import Locale, Page
from wagtail.search import index

from kuulluksi import finnish

PROVIDER_LIMIT = 10
# A snippet shows about this many characters of text around the first word that matched.
SNIPPET_LENGTH = 240
# Only the start of a very long text is looked through for a snippet (keeps the results page linear).
SNIPPET_SOURCE_LIMIT = 20_000


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class ProviderSection:
    label: str
    hits: list[SearchHit] = field(default_factory=list)


@cache
def registered_providers() -> tuple[tuple[str, object], ...]:
    """(section label, provider callable) for every ``search_provider`` named by an installed app."""
    found = []
    for app_config in apps.get_app_configs():
        names = getattr(app_config, "search_provider", None)
        if not names:
            continue
        for name in [names] if isinstance(names, str) else names:
            found.append((app_config.verbose_name, import_string(name)))
    return tuple(found)


# The fields BaseFormsIndexed adds: left out of the text they are made from.
BASE_FORM_FIELDS = ("title_base_forms", "search_base_forms")


def searchable_text(obj) -> str:
    """The plain text of ``obj``'s own search fields (title, intro, body, ...), as the index reads them."""
    parts = []
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name in BASE_FORM_FIELDS:
            continue
        value = search_field.get_value(obj)
        for text in value if isinstance(value, list | tuple) else [value]:
            if text:
                parts.append(strip_tags(str(text)))
    return "\n".join(parts)


class BaseFormsIndexed:
    """A page type whose title and text are indexed by their words' base forms as well.

    Add ``BaseFormsIndexed.search_fields`` to the page type's own ``search_fields``.
    """

    search_fields = [index.SearchField("title_base_forms", boost=2), index.SearchField("search_base_forms")]

    def title_base_forms(self) -> str:
        return finnish.index_text(self.title)

    def search_base_forms(self) -> str:
        return finnish.index_text(searchable_text(self))


def snippet(text: str, query: str, *, length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` from a little before the first word that matches ``query``
    (by base form or compound part), every matching word in ``<mark>``; the rest escaped."""
    text = " ".join(text[:SNIPPET_SOURCE_LIMIT].split())
    wanted = set()
    for word in finnish.words(query):
        wanted |= finnish.lemmas(word) | {word.lower()}
    marked = [
        (start, end)
        for start, end in finnish.word_spans(text)
        if finnish.lexemes(text[start:end]) & wanted or text[start:end].lower() in wanted
    ]
    begin = 0
    if marked and marked[0][0] > length // 3:
        begin = text.rfind(" ", 0, marked[0][0] - length // 3) + 1
    end = len(text) if len(text) - begin <= length else text.rfind(" ", begin, begin + length)
    if end <= begin:
        end = min(len(text), begin + length)
    pairs, position = [], begin
    for start, stop in marked:
        if start < begin or stop > end:
            continue
        pairs.append((text[position:start], text[start:stop]))
        position = stop
    return format_html(
        "{}{}{}{}",
        "… " if begin else "",
        format_html_join("", "{}<mark>{}</mark>", pairs),
        text[position:end],
        " …" if end < len(text) else "",
    )


def search_terms(query: str) -> str:
    """``query`` as plain search terms for the search backend.

    The SQLite backend puts each term in double quotes for FTS5 without escaping a double quote inside
    it, so a query such as ``"><b>`` was an FTS5 syntax error (a server error page); quotes carry no
    meaning in a plain-text search, so they become spaces.
    """
    return " ".join(query.replace('"', " ").split())


def search_pages(query: str):
    """Live, public pages matching ``query``, most relevant first (lazy: paginate before iterating)."""
    terms = search_terms(query)
    if not terms:
        return Page.objects.none()
    # The reader's language tree only: every page stands in each tree (translated, or as an alias).
    pages = Page.objects.live().public().filter(locale=Locale.get_active())
    return pages.specific().search(finnish.query_text(terms) or terms)


def search_providers(query: str, *, request, limit: int = PROVIDER_LIMIT) -> list[ProviderSection]:
    sections = []
    for label, provider in registered_providers():
        hits = list(provider(query, request=request, limit=limit))[:limit]
        if hits:
            sections.append(ProviderSection(label=str(label), hits=hits))
    return sections
