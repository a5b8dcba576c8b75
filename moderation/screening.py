"""The watched-term matcher: Finnish-aware, evasion-resistant and fast.

How a text is screened:

1. **Normalise** it (``normalize``): HTML entities decoded, Unicode NFKC, case folding, zero-width
   characters and soft hyphens removed, look-alike Cyrillic/Greek letters mapped to Latin, accents
   folded (``ä``→``a``, so ``ryssa`` and ``ryssä`` are the same), markup removed without splitting
   words, leetspeak decoded inside words that mix letters and digits, letters split by spaces or
   punctuation (``n e e k e r i``, ``n.e.e.k.e.r.i``) joined, and every other non-letter turned into
   one space.
2. **Match** every term at once with one regular expression built as a trie. Each letter run of a
   term becomes "at least that many" (``ss`` → ``ss+``; a single letter: one, or three and more), so
   repeated letters (``ryyyssssä``) still match but a different word with fewer letters (``rysä``, a
   fish trap) or a doubled one (``mammutti`` for ``mamu``) does not.
3. **Finnish inflection and compounds**: in ``inflected`` mode a term matches every word that starts
   with its stem — the term without its final vowel when at least four letters remain (``ryssä`` →
   ``ryss-``: *ryssän, ryssiä, ryssävitsi*), without ``-nen`` for the -nen words (``mustalainen`` →
   ``mustalai-``: *mustalaisen, mustalaisia*). ``anywhere`` also finds it inside a word (the end of a
   compound), ``exact`` only the whole word. Per-term exceptions list words that merely begin with
   the stem (``pakistan`` for ``paki``).
   Slang that no dictionary knows also gets its weak consonant-gradation stem (``suvakki`` →
   ``suvakk-`` and ``suvak-``: *suvakin, suvakeille*).
4. **Words the dictionary knows** (``kuulluksi.finnish``, Voikko): every word of the text is analysed
   (cached), and a single-word term matches a word whose base form, or in ``inflected`` and
   ``anywhere`` mode one of whose compound parts, is the term (``venäläisryssät`` is *venäläinen* +
   *ryssä*). The other way round, a surface hit on a word the dictionary knows as something else is
   dropped: ``Pakilassa`` is the place name *Pakila*, not *paki*; ``Matulan`` the surname *Matula*, not
   *matu*. A word the dictionary does not know (slang, a disguise) keeps its surface hit. Without Voikko
   (the Snowball fallback) only the surface matching of steps 1–3 is done.
5. **Evasion**: a hit that is not also found in the plainly normalised text (no look-alike mapping,
   no leetspeak, no joining, exact letter counts) was disguised. Evasion is reported, and raises a
   flag-after-publishing term to hold-before-publishing.
6. **Reported speech**: a hit in quotation marks, after a verb of saying or calling (*huusi minulle*,
   *called me*, *kallade mig*) or next to "the word" (*sana X on loukkaava*) is marked ``reported``:
   someone telling what was said to them. Screening then holds it for a moderator instead of
   blocking it (``moderation.services.matching``).

This module is pure Python; ``moderation.services.matching`` loads the terms and keeps the compiled matcher.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from kuulluksi import finnish

# --- Normalisation -----------------------------------------------------------------------------

_INVISIBLE = "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"

# Cyrillic and Greek letters that look like Latin ones (after case folding).
_CONFUSABLES = dict(
    zip(
        # Cyrillic, Armenian and Greek look-alikes, in the order of the Latin letters below.
        "\u0430\u0432\u0435\u0451\u0437\u043a\u043c\u043d\u043e\u0440\u0441\u0442\u0443\u0445\u0455\u0456\u0457\u0458\u04bb\u0501\u0578\u03b1\u03b2\u03b5\u03b7\u03b9\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7\u03b3\u03bc\u0475",
        "abee3kmhopctyxsiijhdnabenikvoptuxymv",
        strict=True,
    )
)

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "€": "e"})  # fmt: skip


def _accent_fold_table() -> dict[int, str]:
    """Latin letters with diacritics → their base letter (ä→a, é→e, ø→o), computed from Unicode."""
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base and base != char and base.isascii():
            table[code] = base.lower()
    table.update({ord("ø"): "o", ord("æ"): "ae", ord("œ"): "oe", ord("ß"): "ss", ord("ł"): "l"})
    return table


_PLAIN_TABLE = _accent_fold_table()
_FULL_TABLE = {
    **_PLAIN_TABLE,
    **{ord(c): None for c in _INVISIBLE},
    **{ord(k): v for k, v in _CONFUSABLES.items()},
}

_FOLD_MAP = {chr(code): value or "" for code, value in _FULL_TABLE.items()}
# str.translate looks every character up in a dict; a regex finds the few that need mapping faster.
_FOLD_CHARS = re.compile("[" + "".join(re.escape(c) for c in _FOLD_MAP) + "]")
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|blockquote|pre|hr)\b[^<>]{0,200}>")
_INLINE_TAG = re.compile(r"</?[a-z][^<>\n]{0,200}>")
_LEET_SYMBOL = re.compile(r"(?<=[^\W\d_])[@$€]|[@$€](?=[^\W\d_])")
_DIGIT = re.compile(r"\d")
_WORD_WITH_DIGIT = re.compile(r"\b\w*\d\w*")
# Every pattern below is linear in the text: no quantifier inside another, separator runs matched
# possessively (``++``: nothing after them can use their characters), and a match may start only at
# the beginning of a run (a lookbehind), so that a run of 10,000 separators is not scanned once from
# each of its positions. ``moderation/tests/test_screening_scaling.py`` proves it for every step.
_SEPARATOR_RUN = re.compile(r"([\s.,\-_*~'\u2019·/|+`])\1+")
_SPACED_LETTERS = re.compile(r"\b[^\W\d_](?:[\s.,\-_*·/|+]++[^\W\d_]\b){3,}")
# Markup and punctuation inside a word: removed so that ``nee**keri**``, ``n.e.e.keri`` and ``wet-back``
# join up (a hyphenated compound is one word, as the dictionary sees it).
_JOINERS = re.compile(r"(?<=[^\W\d_])[.*_~'\u2019·|`-]++(?=[^\W\d_])")
_NON_LETTERS = re.compile(r"[\W\d_]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(" ")


def _fold(match: re.Match) -> str:
    return _FOLD_MAP[match.group()]


def _decode_leet(match: re.Match) -> str:
    token = match.group()
    return token.translate(_LEET) if _HAS_LETTER.search(token) else token


def _join_letters(match: re.Match) -> str:
    return "".join(_HAS_LETTER.findall(match.group()))


def normalize(text: str) -> str:
    """Normalise for matching: lowercase letters separated by single spaces, padded with a space."""
    if "&" in text:
        text = html.unescape(text)
    text = _FOLD_CHARS.sub(_fold, unicodedata.normalize("NFKC", text).casefold())
    if "<" in text:
        text = _INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", text))
    # A run of one separator means what one of it means; collapsed first, the steps below see no runs.
    text = _SEPARATOR_RUN.sub(r"\1", text)
    if "@" in text or "$" in text or "€" in text:
        text = _LEET_SYMBOL.sub(lambda m: m.group().translate(_LEET), text)
    if _DIGIT.search(text):
        text = _WORD_WITH_DIGIT.sub(_decode_leet, text)
    text = _JOINERS.sub("", _SPACED_LETTERS.sub(_join_letters, text))
    return " " + _NON_LETTERS.sub(" ", text).strip() + " "


_PLAIN_MAP = {chr(code): value for code, value in _PLAIN_TABLE.items()}
_PLAIN_CHARS = re.compile("[" + "".join(re.escape(c) for c in _PLAIN_MAP) + "]")


def _plain_fold(match: re.Match) -> str:
    return _PLAIN_MAP[match.group()]


def normalize_plain(text: str) -> str:
    """Only case, accents and separators (no NFKC: fullwidth or "mathematical" letters are disguise)."""
    text = _PLAIN_CHARS.sub(_plain_fold, unicodedata.normalize("NFC", text).casefold())
    return " " + _NON_LETTERS.sub(" ", text).strip() + " "


def collapse_runs(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def _collapsed_pattern(collapsed: str) -> re.Pattern:
    """What ``collapse_runs`` turns into ``collapsed``: each character one or more times."""
    return re.compile("".join(re.escape(char) + "++" for char in collapsed))


# --- Terms -------------------------------------------------------------------------------------

INFLECTED, ANYWHERE, EXACT = "inflected", "anywhere", "exact"
_VOWELS = set("aeiouy")
MIN_STEM = 4


def stem(term_words: list[str], mode: str) -> list[str]:
    """The part of a (normalised) term that every inflected form shares: see the module docstring."""
    if mode == EXACT:
        return term_words
    last = term_words[-1]
    if last.endswith("nen") and len(last) - 3 >= MIN_STEM:
        last = last[:-3]  # mustalainen → mustalai-: mustalaisen, mustalaisia
    elif len(last) > MIN_STEM and last[-1] in _VOWELS:
        # A long final vowel goes whole (rättipää → rättip-: rättipäät, rättipäitä, rättipääporukka):
        # half of it would be a single letter, which never matches two.
        vowel_run = len(last) - len(last.rstrip(last[-1]))
        last = last[:-vowel_run] if vowel_run > 1 and len(last) - vowel_run >= MIN_STEM else last[:-1]
    return [*term_words[:-1], last]


_GRADATING = ("kk", "pp", "tt")


def stems(term_words: list[str], mode: str) -> list[list[str]]:
    """``stem`` and, for a stem ending in a long stop (``suvakk-``), its weak grade (``suvak-``).

    Finnish consonant gradation shortens ``kk``/``pp``/``tt`` before a closed syllable: *suvakki*,
    *suvakin*, *suvakeille*. The dictionary knows this of its own words; the slang on the watch lists
    needs it here.
    """
    strong = stem(term_words, mode)
    if mode == EXACT or not strong[-1].endswith(_GRADATING) or strong[-1] == term_words[-1]:
        return [strong]
    # The weak grade stands before the stem vowel (suvaki-n, sompu-ille) or, in the plural of an
    # i-word, before e (suvake-ille).
    vowel = term_words[-1][-1]
    weak = [strong[-1][:-1] + vowel] + ([strong[-1][:-1] + "e"] if vowel == "i" else [])
    return [strong, *([*strong[:-1], w] for w in weak)]


def _runs(word: str) -> list[tuple[str, int]]:
    return [(m.group()[0], len(m.group())) for m in re.finditer(r"(.)\1*", word)]


def _run_unit(letter: str, count: int) -> str:
    """A single letter also matches three or more of it (``ryyyssä``) but not two: Finnish vowel and
    consonant length changes the word (``mamu`` is not in ``mammutti``).

    The run is taken whole (possessive ``++``, and a lone letter only where no other follows): the
    next unit is another letter, so giving characters back could never help, and must not be tried.
    """
    letter = re.escape(letter)
    if count == 1:
        return f"(?:{letter}(?!{letter})|{letter * 3}++)"
    return letter * count + "++"


def _units(words: list[str], mode: str) -> tuple[str, ...]:
    """Regex pieces of a stemmed term: one per letter run (``ss+``), a space between words.

    In ``anywhere`` mode, where a match may start inside a word, the first run must begin there (a
    lookbehind): a run of 10,000 letters is then tried once, not once from each of its positions.
    """
    units: list[str] = []
    for index, word in enumerate(words):
        if index:
            units.append(" ")
        units.extend(_run_unit(letter, count) for letter, count in _runs(word))
    if mode == ANYWHERE:
        units[0] = f"(?<!{re.escape(words[0][0])}){units[0]}"
    return tuple(units)


@dataclass(frozen=True)
class TermSpec:
    """A watched term as the matcher needs it (built from ``WatchedTerm`` rows)."""

    id: int
    term: str
    mode: str
    action: str  # block / hold / flag
    list_name: str
    rule_id: int | None = None
    rule_number: int | None = None
    exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermMatch:
    term_id: int
    term: str
    list_name: str
    list_action: str
    rule_id: int | None
    rule_number: int | None
    word: str
    evasion: bool
    reported: bool = False

    def as_dict(self) -> dict:
        return {
            "term": self.term,
            "list": self.list_name,
            "list_action": self.list_action,
            "rule": self.rule_number,
            "word": self.word,
            "evasion": self.evasion,
            "reported": self.reported,
        }


@dataclass
class _Compiled:
    spec: TermSpec
    alternatives: list[list[str]]  # stemmed, normalised (the strong and the weak grade)
    exceptions: tuple[str, ...]  # normalised, runs collapsed
    folded: str = ""  # the whole term, normalised
    # What the dictionary makes of the term itself (``kotimaahanne`` is *kotimaa*): a known word made of
    # one of these is still a hit.
    lexemes: frozenset[str] = frozenset()
    exception_patterns: dict[str, re.Pattern] = field(default_factory=dict)

    def __post_init__(self):
        self.exception_patterns = {e: _collapsed_pattern(e) for e in self.exceptions}

    def excepted_word(self, word: str) -> bool:
        collapsed = collapse_runs(word)
        return any(collapsed.startswith(exception) for exception in self.exceptions)


def fold(word: str) -> str:
    """A word as the matcher compares it: lowercase, accents folded, non-letters dropped."""
    return normalize_plain(word).replace(" ", "")


@dataclass(frozen=True, eq=False)  # one object per word (cached): compared and hashed by identity
class _Lexical:
    """A written word as the dictionary knows it, folded for comparison with terms."""

    folded: str
    known: bool
    lemmas: frozenset[str]
    lexemes: frozenset[str]  # lemmas and compound parts


def _lexical(word: str) -> _Lexical:
    return _lexical_by_backend(word, finnish.backend())


@lru_cache(maxsize=65536)
def _lexical_by_backend(word: str, backend: str) -> _Lexical:
    """Cached per backend: a process that changes backend (the tests do) never reads the other's."""
    readings = finnish.analyze(word)
    lemmas = frozenset(fold(reading.lemma) for reading in readings)
    parts = frozenset(fold(part) for reading in readings for part in reading.parts)
    return _Lexical(fold(word), bool(readings) and backend == finnish.VOIKKO, lemmas, lemmas | parts)


# --- Reported speech -----------------------------------------------------------------------------

# Words (folded) that announce what someone said or called someone: Finnish stems, English, Swedish.
_SAYING_PREFIXES = ("huus", "huud", "huut", "sano", "kutsu", "nimit", "haukku", "hauku", "solva", "sana",
                    "ilmau", "termi", "call", "yell", "shout", "word", "kallad", "kallar", "ropad", "skrek",
                    "ordet", "uttryck")  # fmt: skip
_SAYING_WORDS = frozenset({"said", "say", "says", "sa", "sade", "term", "slur"})
# After the word: judged or named as a word (*X on loukkaava sana*, *X on vanha nimitys*, *X is a word*).
_JUDGING_PREFIXES = ("loukkaav", "halventav", "rasistinen", "offensive", "krankande", "nedsattande", "nimity",
                     "sana", "termi", "ilmau", "word", "slur", "ordet", "uttryck")  # fmt: skip
_JUDGING_WORDS = frozenset({"nimi", "name", "term", "ord"})
_QUOTED = re.compile('["“”„«»‘’]([^"“”„«»\n]{1,160})["“”„«»’]')
_QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019]')
_CUE_WINDOW = 4


def _is_saying(word: str) -> bool:
    return word in _SAYING_WORDS or word.startswith(_SAYING_PREFIXES)


def _reported(normalized: str, word_start: int, word_end: int, quoted: str) -> bool:
    """The word at ``normalized[word_start:word_end]`` is reported, not said: see the module docstring."""
    word = normalized[word_start:word_end]
    if quoted and f" {word} " in quoted:
        return True
    before = normalized[max(0, word_start - 120) : word_start].split()[-_CUE_WINDOW:]
    after = normalized[word_end : word_end + 80].split()[:3]
    return any(_is_saying(w) for w in before) or any(
        w in _JUDGING_WORDS or w.startswith(_JUDGING_PREFIXES) for w in after
    )


@dataclass
class _Trie:
    children: dict[str, _Trie] = field(default_factory=dict)
    leaves: list[int] = field(default_factory=list)


def _trie_regex(node: _Trie, leaf_suffix: str, groups: dict[str, list[int]]) -> str:
    branches = [unit + _trie_regex(child, leaf_suffix, groups) for unit, child in node.children.items()]
    if node.leaves:
        name = f"t{len(groups)}"
        groups[name] = node.leaves
        branches.append(f"{leaf_suffix}(?P<{name}>)")
    if len(branches) == 1 and not node.leaves:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_LEXICAL_HITS_KEPT = 65536


class Matcher:
    """All watched terms compiled into (at most) three regular expressions: word start, whole word and
    anywhere; and, with Voikko, looked up by base form and compound part."""

    def __init__(self, specs: list[TermSpec]):
        self.terms: list[_Compiled] = []
        word_start = _Trie()
        exact = _Trie()
        anywhere = _Trie()
        # Single-word terms by their folded form: looked up among the base forms (every mode) and
        # compound parts (not ``exact``) of the words of a text.
        self._by_lemma: dict[str, list[int]] = {}
        self._by_part: dict[str, list[int]] = {}
        self.lexical = finnish.backend() == finnish.VOIKKO
        self._lexical_hits: dict[_Lexical, tuple[int, ...]] = {}
        for spec in specs:
            words = normalize_plain(spec.term).split()
            if not words:
                continue
            alternatives = stems(words, spec.mode)
            exceptions = tuple(
                collapse_runs(normalize(e).strip()) for e in spec.exceptions if normalize(e).strip()
            )
            index = len(self.terms)
            folded = " ".join(words)
            lexemes = frozenset({folded})
            if len(words) == 1 and self.lexical:
                lexemes |= _lexical(spec.term.strip()).lexemes
                self._by_lemma.setdefault(folded, []).append(index)
                if spec.mode != EXACT:
                    self._by_part.setdefault(folded, []).append(index)
            self.terms.append(_Compiled(spec, alternatives, exceptions, folded, lexemes))
            trie = {INFLECTED: word_start, EXACT: exact, ANYWHERE: anywhere}[spec.mode]
            for alternative in alternatives:
                node = trie
                for unit in _units(alternative, spec.mode):
                    node = node.children.setdefault(unit, _Trie())
                node.leaves.append(index)
        self._groups: dict[str, list[int]] = {}
        # Whole words apart from word starts: one regex finds one match at a position, and ``paki`` (an
        # exception there) must not hide ``pakis``.
        self._word_start = (
            re.compile(" " + _trie_regex(word_start, "", self._groups)) if word_start.children else None
        )
        self._exact = re.compile(" " + _trie_regex(exact, "(?= )", self._groups)) if exact.children else None
        self._anywhere = re.compile(_trie_regex(anywhere, "", self._groups)) if anywhere.children else None

    def find(self, text: str) -> list[TermMatch]:
        normalized = normalize(text)
        # Word boundaries by bisection: scanning back to the previous space for every match would make
        # a long word full of matches quadratic.
        spaces: list[int] = []
        found: dict[int, TermMatch] = {}
        plain = None
        written = _WrittenWords(text) if self.lexical else None
        quoted = " ".join(normalize(q) for q in _QUOTED.findall(text)) if _QUOTE_MARKS.search(text) else ""
        for regex in (self._word_start, self._exact, self._anywhere):
            if regex is None:
                continue
            for match in regex.finditer(normalized):
                pending = [index for index in self._groups[match.lastgroup] if index not in found]
                if not pending:
                    continue
                start = match.start() + (1 if normalized[match.start()] == " " else 0)
                if not spaces:
                    spaces = [space.start() for space in _SPACE.finditer(normalized)]
                after = bisect.bisect_right(spaces, start)
                word_start, word_end = spaces[after - 1] + 1, spaces[after]
                for index in pending:
                    compiled = self.terms[index]
                    if self._excepted(compiled, normalized, word_start, word_end, start):
                        continue
                    if written is not None and written.is_something_else(
                        normalized[word_start:word_end], compiled
                    ):
                        continue
                    if plain is None:
                        plain = normalize_plain(text)
                    evasion = not any(
                        _strict_pattern(tuple(words), compiled.spec.mode).search(plain)
                        for words in compiled.alternatives
                    )
                    found[index] = self._match(compiled, normalized, word_start, word_end, evasion, quoted)
        if written is not None:
            for lexical in written.analysed():
                indices = self._lexical_hits.get(lexical)
                if indices is None:
                    indices = self._terms_of(lexical)
                if not indices:
                    continue
                word = lexical.folded
                for index in indices:
                    compiled = self.terms[index]
                    if index in found or compiled.excepted_word(word):
                        continue
                    position = normalized.find(f" {word} ")
                    word_start = position + 1 if position >= 0 else 0
                    word_end = word_start + len(word)
                    found[index] = self._match(compiled, normalized, word_start, word_end, False, quoted)
        return list(found.values())

    def _terms_of(self, lexical: _Lexical) -> tuple[int, ...]:
        """The terms a written word is, by base form or compound part; remembered per matcher."""
        indices = [i for lemma in lexical.lemmas for i in self._by_lemma.get(lemma, ())]
        indices += [i for part in lexical.lexemes for i in self._by_part.get(part, ())]
        if len(self._lexical_hits) >= _LEXICAL_HITS_KEPT:
            self._lexical_hits.clear()
        self._lexical_hits[lexical] = found = tuple(dict.fromkeys(indices))
        return found

    @staticmethod
    def _match(compiled, normalized, word_start, word_end, evasion, quoted) -> TermMatch:
        spec = compiled.spec
        return TermMatch(
            spec.id,
            spec.term,
            spec.list_name,
            spec.action,
            spec.rule_id,
            spec.rule_number,
            normalized[word_start:word_end],
            evasion,
            _reported(normalized, word_start, word_end, quoted),
        )

    @staticmethod
    def _excepted(compiled: _Compiled, normalized: str, word_start: int, word_end: int, start: int) -> bool:
        """An exception (runs collapsed) begins the word, or the text from the match on.

        Matched in place, letter runs of any length allowed, so no copy of the rest of the text is
        made for every match.
        """
        for exception in compiled.exceptions:
            pattern = compiled.exception_patterns[exception]
            at_word = pattern.match(normalized, word_start)
            if (at_word and at_word.end() <= word_end) or pattern.match(normalized, start):
                return True
        return False


class _WrittenWords:
    """The words of a text as written (accents kept), by their folded form, analysed on demand."""

    def __init__(self, text: str):
        if "&" in text:
            text = html.unescape(text)
        if "<" in text:
            text = _INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", text))
        self.words = list(dict.fromkeys(finnish.words(unicodedata.normalize("NFC", text))))
        self._by_fold: dict[str, list[str]] | None = None

    def analysed(self):
        return map(_lexical, self.words)

    def is_something_else(self, folded_word: str, compiled: _Compiled) -> bool:
        """A surface hit on ``folded_word`` is dropped: every way it is written in the text is a word
        the dictionary knows, and as none of them is the term made of the term (or what the term is)."""
        if folded_word == compiled.folded or " " in compiled.folded:
            return False
        if self._by_fold is None:
            self._by_fold = {}
            for word in self.words:
                self._by_fold.setdefault(_lexical(word).folded, []).append(word)
                if "-" in word:
                    for piece in word.split("-"):
                        self._by_fold.setdefault(fold(piece), []).append(piece)
        written = self._by_fold.get(folded_word)
        if not written:
            return False  # not written as such: joined, decoded or disguised
        lexicals = [_lexical(word) for word in written]
        return all(lexical.known and not (lexical.lexemes & compiled.lexemes) for lexical in lexicals)


@lru_cache(maxsize=2048)
def _strict_pattern(words: tuple[str, ...], mode: str) -> re.Pattern:
    """The undisguised form: exact letter counts, except that the last run may grow (``ryssää``)."""
    pieces = []
    for index, word in enumerate(words):
        runs = _runs(word)
        last_word = index == len(words) - 1
        for position, (letter, count) in enumerate(runs):
            grows = last_word and position == len(runs) - 1
            pieces.append(re.escape(letter) + (f"{{{count},}}" if grows else f"{{{count}}}"))
        if not last_word:
            pieces.append(" ")
    body = "".join(pieces)
    if mode == EXACT:
        return re.compile(f" {body} ")
    if mode == INFLECTED:
        return re.compile(f" {body}")
    return re.compile(body)
