"""Turning what people type into safe HTML, once, when it is written.

The source is plain text with light Markdown (paragraphs, emphasis, lists, links, quotes, code).
It is parsed by markdown-it-py, a CommonMark parser whose running time grows linearly with the input
(Python-Markdown took 46 s for 10,000 ``[``), starting from its empty ``zero`` preset and enabling
only the syntax in ``ENABLED_RULES``. Raw HTML, images and headings are not among them, so
``<script>`` or ``![x](http://...)`` stay visible as text. The result then goes through bleach
against a strict allowlist; links keep only http(s)/mailto addresses and get
``rel="nofollow ugc noopener"``.
"""

import html as html_lib
import re
import unicodedata

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Bidirectional embeddings, overrides and isolates: they make text read differently from what it is.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C], None)
_SPACES = re.compile(r"[ \t\u00a0]+")
# Deeply nested quotes or lists only serve to exhaust the renderer; four levels is plenty.
_DEEP_NESTING = re.compile(r"^((?:[ \t]*>){4})(?:[ \t]*>)+", re.MULTILINE)
MAX_NESTED_INDENT = 16


def clean_text(text: str) -> str:
    """Normalise typed text: Unicode NFC, ``\\n`` line ends, no control or bidi-override characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_BIDI_CONTROLS)
    return "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs", "Co")
    )


def clean_title(title: str) -> str:
    """A one-line title: cleaned like text, every run of whitespace made one space."""
    return _SPACES.sub(" ", " ".join(clean_text(title).split())).strip()


# The light Markdown that docs/forum.md promises, and nothing else: paragraphs and line breaks,
# emphasis, lists, quotes, links (inline, reference and <autolinks>), code spans and blocks, rules.
ENABLED_RULES = [
    "paragraph",
    "newline",
    "escape",
    "entity",
    "emphasis",
    "list",
    "blockquote",
    "link",
    "reference",
    "autolink",
    "backticks",
    "code",
    "fence",
    "hr",
]
# Beyond this depth markdown-it renders the rest as text; quotes are flattened earlier, at four.
MAX_NESTING = 20


def _image_as_text(state, silent: bool) -> bool:
    """``![`` is text: image syntax shows as typed instead of becoming a link to the picture."""
    if not state.src.startswith("![", state.pos):
        return False
    if not silent:
        state.push("text", "", 0).content = "!["
    state.pos += 2
    return True


def _build_markdown() -> MarkdownIt:
    md = MarkdownIt("zero", {"maxNesting": MAX_NESTING}).enable(ENABLED_RULES)
    md.inline.ruler.before("link", "image_as_text", _image_as_text)
    # Every address is parsed as a link, so that a refused one loses its address but keeps its text:
    # bleach's protocol allowlist and ``_set_link_rel`` below decide what stays.
    md.validateLink = lambda url: True
    return md


_markdown = _build_markdown()


def _set_link_rel(attrs, new=False):
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not href.startswith(("http://", "https://", "mailto:")):
        # bleach already dropped other protocols; a relative link has no business in a post either.
        attrs.pop(href_key, None)
        return attrs
    attrs[(None, "rel")] = LINK_REL
    return attrs


_EtreeWalker = bleach.html5lib_shim.getTreeWalker("etree")


class _LinearTreeWalker(_EtreeWalker):
    """html5lib's etree walker, without its quadratic step.

    Going back up from an element, the stock walker finds the element's place among its siblings with
    ``list(parent).count(element)`` and ``.index(element)``: once per element with children, so
    5,000 paragraphs with a link each cost 25 million comparisons. The tree does not change while it
    is walked, so each parent's positions are computed once.
    """

    def __init__(self, tree):
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def getParentNode(self, node):
        if not isinstance(node, tuple) or node[3] == "text" or len(node[2]) < 2:
            return super().getParentNode(node)
        parents = node[2]
        parent = parents.pop()
        grandparent = parents[-1]
        positions = self._positions.get(id(grandparent))
        if positions is None:
            positions = {id(child): index for index, child in enumerate(grandparent)}
            self._positions[id(grandparent)] = positions
        return parent, positions[id(parent)], parents, None


class _Cleaner(bleach.Cleaner):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.walker = _LinearTreeWalker


_cleaner = _Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[lambda source: LinkifyFilter(source, callbacks=[_set_link_rel], skip_tags=["pre", "code"])],
)


def render(text: str) -> str:
    """Markdown source (already ``clean_text``-ed) to allowlisted HTML."""
    text = _DEEP_NESTING.sub(r"\1", text)
    text = "\n".join(
        line[: len(line) - len(line.lstrip())][:MAX_NESTED_INDENT] + line.lstrip()
        for line in text.split("\n")
    )
    html = _markdown.render(text).rstrip("\n")
    return _cleaner.clean(html)


def quote(author_name: str, text: str) -> str:
    """Markdown that quotes ``text`` by ``author_name``, to start a reply with."""
    lines = [f"**{author_name}:**", "", *text.split("\n")]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


def plain_excerpt(html: str, length: int = 200) -> str:
    """The first ``length`` characters of the text of cleaned HTML (for feeds, search and digests)."""
    text = " ".join(html_lib.unescape(bleach.clean(html, tags=set(), strip=True)).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
