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
4. **Evasion**: a hit that is not also found in the plainly normalised text (no look-alike mapping,
   no leetspeak, no joining, exact letter counts) was disguised. Evasion is reported, and raises a
   flag-after-publishing term to hold-before-publishing.

This module is pure Python; ``moderation.services.matching`` loads the terms and keeps the compiled matcher.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

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
# Markup and punctuation inside a word: removed so that ``nee**keri**`` and ``n.e.e.keri`` join up.
_JOINERS = re.compile(r"(?<=[^\W\d_])[.*_~'\u2019·|`]++(?=[^\W\d_])")
_NON_LETTERS = re.compile(r"[\W\d_]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")


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
        last = last[:-1]
    return [*term_words[:-1], last]


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

    def as_dict(self) -> dict:
        return {
            "term": self.term,
            "list": self.list_name,
            "list_action": self.list_action,
            "rule": self.rule_number,
            "word": self.word,
            "evasion": self.evasion,
        }


@dataclass
class _Compiled:
    spec: TermSpec
    words: list[str]  # stemmed, normalised
    exceptions: tuple[str, ...]  # normalised, runs collapsed
    exception_patterns: dict[str, re.Pattern] = field(default_factory=dict)

    def __post_init__(self):
        self.exception_patterns = {e: _collapsed_pattern(e) for e in self.exceptions}


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


class Matcher:
    """All watched terms compiled into (at most) two regular expressions: word-start and anywhere."""

    def __init__(self, specs: list[TermSpec]):
        self.terms: list[_Compiled] = []
        word_start = _Trie()
        exact = _Trie()
        anywhere = _Trie()
        for spec in specs:
            words = normalize_plain(spec.term).split()
            if not words:
                continue
            words = stem(words, spec.mode)
            exceptions = tuple(
                collapse_runs(normalize(e).strip()) for e in spec.exceptions if normalize(e).strip()
            )
            index = len(self.terms)
            self.terms.append(_Compiled(spec, words, exceptions))
            trie = {INFLECTED: word_start, EXACT: exact, ANYWHERE: anywhere}[spec.mode]
            node = trie
            for unit in _units(words, spec.mode):
                node = node.children.setdefault(unit, _Trie())
            node.leaves.append(index)
        self._groups: dict[str, list[int]] = {}
        parts = []
        if word_start.children:
            parts.append(_trie_regex(word_start, "", self._groups))
        if exact.children:
            parts.append(_trie_regex(exact, "(?= )", self._groups))
        self._word_start = re.compile(" (?:" + "|".join(parts) + ")") if parts else None
        self._anywhere = re.compile(_trie_regex(anywhere, "", self._groups)) if anywhere.children else None

    def find(self, text: str) -> list[TermMatch]:
        normalized = normalize(text)
        # Word boundaries by bisection: scanning back to the previous space for every match would make
        # a long word full of matches quadratic.
        spaces = [position for position, char in enumerate(normalized) if char == " "]
        found: dict[int, TermMatch] = {}
        plain = None
        for regex in (self._word_start, self._anywhere):
            if regex is None:
                continue
            for match in regex.finditer(normalized):
                pending = [index for index in self._groups[match.lastgroup] if index not in found]
                if not pending:
                    continue
                start = match.start() + (1 if normalized[match.start()] == " " else 0)
                after = bisect.bisect_right(spaces, start)
                word_start, word_end = spaces[after - 1] + 1, spaces[after]
                for index in pending:
                    compiled = self.terms[index]
                    if self._excepted(compiled, normalized, word_start, word_end, start):
                        continue
                    if plain is None:
                        plain = normalize_plain(text)
                    evasion = not _strict_pattern(tuple(compiled.words), compiled.spec.mode).search(plain)
                    spec = compiled.spec
                    found[index] = TermMatch(
                        spec.id,
                        spec.term,
                        spec.list_name,
                        spec.action,
                        spec.rule_id,
                        spec.rule_number,
                        normalized[word_start:word_end],
                        evasion,
                    )
        return list(found.values())

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
