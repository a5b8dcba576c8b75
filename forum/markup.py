"""Turning what people type into safe HTML, once, when it is written.

The source is plain text with light Markdown (paragraphs, emphasis, lists, links, quotes, code).
Raw HTML and images are not Markdown features here: the HTML block/inline processors and the image
patterns are switched off, so ``<script>`` or ``![x](http://...)`` stay visible as text. The result
then goes through bleach against a strict allowlist; links keep only http(s)/mailto addresses and get
``rel="nofollow ugc noopener"``.
"""

import html as html_lib
import re
import unicodedata

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

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


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in ("html", "image_link", "image_reference", "short_image_ref"):
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return md


def _set_link_rel(attrs, new=False):
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not href.startswith(("http://", "https://", "mailto:")):
        # bleach already dropped other protocols; a relative link has no business in a post either.
        attrs.pop(href_key, None)
        return attrs
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
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
    html = _markdown().convert(text)
    return _cleaner.clean(html)


def quote(author_name: str, text: str) -> str:
    """Markdown that quotes ``text`` by ``author_name``, to start a reply with."""
    lines = [f"**{author_name}:**", "", *text.split("\n")]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


def plain_excerpt(html: str, length: int = 200) -> str:
    """The first ``length`` characters of the text of cleaned HTML (for feeds, search and digests)."""
    text = " ".join(html_lib.unescape(bleach.clean(html, tags=set(), strip=True)).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
