"""Finnish words as the software understands them: base forms, compound parts and word classes.

Screening (``moderation/screening.py``) asks it which words a text is made of, and the forum search
indexes and queries base forms (``index_text``, ``query_text``); one module so that every part of the
site splits and understands Finnish the same way.

Two backends, chosen once per process:

- **Voikko** (Debian's ``libvoikko1`` with the dictionary ``voikko-fi`` and the ``libvoikko`` binding;
  ``scripts/ensure-voikko`` installs it): a morphological analyser. ``vuokra-asunnon`` is the base form
  ``vuokra-asunto`` made of ``vuokra`` + ``asunto``; ``Pakilassa`` is the place name ``Pakila``;
  ``toimeentulotuen`` is ``toimeentulotuki``. A word may have several readings (``Kelaan``: the noun
  *kela* or the verb *kelata*), and a word it does not know (slang such as *suvakki*) has none.
- **Snowball** (``snowballstemmer``'s Finnish stemmer), where Voikko is not installed: one reading per
  word, whose "base form" is a stem (``hakemuksen`` → ``hakemuks``, not ``hakemus``), with no compound
  parts and no word class. It knows no word, so nothing is ever recognised as a name.

Analyses are cached per word (most words of a text repeat across texts): ``analyze`` is an
``lru_cache``. Voikko's handle is not thread-safe, so calls into it hold a lock.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

VOIKKO, SNOWBALL = "voikko", "snowball"

# Voikko's CLASS values that name a person or a place (a proper noun).
PROPER_NOUN_CLASSES = frozenset({"etunimi", "sukunimi", "paikannimi", "nimi"})
PLACE_NAME = "paikannimi"

# Longer "words" are not language (a run of letters in a flood, a URL's remains): never analysed.
MAX_WORD_LENGTH = 60

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PART = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Reading:
    """One reading of a word: its base form (lowercase), the base forms of its compound parts (empty
    for a simple word and on the Snowball backend) and its word class (Voikko's ``CLASS``; empty on
    Snowball)."""

    lemma: str
    parts: tuple[str, ...] = ()
    word_class: str = ""

    @property
    def is_proper_noun(self) -> bool:
        return self.word_class in PROPER_NOUN_CLASSES


class _Backend:
    name: str = ""
    voikko = None
    stemmer = None
    lock = threading.Lock()


def _load_voikko():
    try:
        import libvoikko
    except ImportError:
        return None
    try:
        return libvoikko.Voikko("fi")
    except OSError:  # the binding is there but libvoikko1 or the dictionary is not
        return None


def use_backend(name: str | None = None) -> str:
    """Choose the backend: Voikko when it loads (or ``name`` asks for it), else Snowball.

    Called on first use; tests call it to force one. Returns the backend in use and empties the cache.
    """
    voikko = _load_voikko() if name in (None, VOIKKO) else None
    if voikko is None and name == VOIKKO:
        raise RuntimeError("Voikko is not installed: run scripts/ensure-voikko.")
    _Backend.voikko = voikko
    if voikko is None:
        import snowballstemmer

        _Backend.stemmer = snowballstemmer.stemmer("finnish")
        _Backend.name = SNOWBALL
    else:
        _Backend.name = VOIKKO
    analyze.cache_clear()
    return _Backend.name


def backend() -> str:
    """``voikko`` or ``snowball``: the backend this process analyses with."""
    return _Backend.name or use_backend()


def words(text: str) -> list[str]:
    """The words of ``text`` as written: letter runs, a hyphenated compound (``vuokra-asunnon``) one word."""
    return _WORD.findall(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each word of ``words(text)`` starts and ends in ``text`` (to mark words in a snippet)."""
    return [match.span() for match in _WORD.finditer(text)]


def _parts(wordbases: str) -> tuple[str, ...]:
    """``+vuokra(vuokra)+-+asunto(asunto)`` → ``("vuokra", "asunto")``; suffixes (``(+inen)``) left out."""
    return tuple(
        part.replace("=", "").lower()
        for part in _PART.findall(wordbases)
        if part and not part.startswith("+")
    )


@lru_cache(maxsize=65536)
def analyze(word: str) -> tuple[Reading, ...]:
    """Every reading of one word (empty when Voikko does not know it). Cached."""
    if not _Backend.name:
        use_backend()
    if len(word) > MAX_WORD_LENGTH:
        return ()
    if _Backend.voikko is None:
        return (Reading(_Backend.stemmer.stemWord(word.lower())),)
    with _Backend.lock:
        results = _Backend.voikko.analyze(word)
    readings = []
    for result in results:
        parts = _parts(result.get("WORDBASES", ""))
        readings.append(
            Reading(
                result.get("BASEFORM", word).lower(),
                parts if len(parts) > 1 else (),
                result.get("CLASS", ""),
            )
        )
    return tuple(dict.fromkeys(readings))


def is_known(word: str) -> bool:
    """Voikko has at least one reading of the word (always False on Snowball: it knows no words)."""
    return backend() == VOIKKO and bool(analyze(word))


def lemmas(word: str) -> set[str]:
    """The base forms of every reading (on Snowball: the stem); the word itself, lowercase, if none."""
    return {reading.lemma for reading in analyze(word)} or {word.lower()}


def lexemes(word: str) -> set[str]:
    """Base forms and compound parts of every reading: what the word is made of."""
    found = lemmas(word)
    for reading in analyze(word):
        found.update(reading.parts)
    return found


def index_text(text: str) -> str:
    """The base forms and compound parts of every word of ``text``, once each, for a search index.

    Indexed beside the text itself, so that a search by base form finds every inflection
    (``hakemus`` → *hakemuksen*) and a search by a part finds the compound (``asunto`` →
    *vuokra-asunnon*), on any database's full-text search.
    """
    found: dict[str, None] = {}
    for word in words(text):
        for lexeme in sorted(lexemes(word)):
            found.setdefault(lexeme, None)
    return " ".join(found)


def query_text(query: str) -> str:
    """``query`` with each word replaced by its base form (the first reading's), for ``index_text``."""
    terms = []
    for word in words(query):
        readings = analyze(word)
        terms.append(readings[0].lemma if readings else word.lower())
    return " ".join(terms)
