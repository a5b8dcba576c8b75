from html.parser import HTMLParser

import pytest

from forum import markup
from tests.xss import xss_payloads

DANGEROUS_ATTRIBUTES = ("src", "style", "srcdoc", "formaction", "action", "xlink:href")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _elements(html: str):
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


@pytest.mark.parametrize("payload", xss_payloads())
def test_payload_renders_only_allowlisted_markup(payload):
    html = markup.render(markup.clean_text(payload))
    for tag, attributes in _elements(html):
        assert tag in markup.ALLOWED_TAGS, html
        for name, value in attributes.items():
            assert not name.startswith("on"), html
            assert name not in DANGEROUS_ATTRIBUTES, html
            if name == "href":
                assert value.startswith(("http://", "https://", "mailto:")), html


def test_light_markdown_is_rendered():
    html = markup.render("Hei *sinä* ja **te**.\n\n- yksi\n- kaksi\n\n> lainaus\n\n1. eka\n2. toka")
    assert "<em>sinä</em>" in html
    assert "<strong>te</strong>" in html
    assert "<ul>\n<li>yksi</li>" in html
    assert "<blockquote>" in html
    assert "<ol>" in html


def test_links_get_nofollow_ugc_noopener():
    html = markup.render("[Kela](https://www.kela.fi/) ja https://example.org/sivu")
    assert '<a href="https://www.kela.fi/" rel="nofollow ugc noopener">Kela</a>' in html
    assert '<a href="https://example.org/sivu" rel="nofollow ugc noopener">' in html


def test_javascript_link_keeps_its_text_but_loses_the_address():
    html = markup.render("[paina](javascript:alert(1))")
    assert "paina" in html
    assert "javascript" not in html.lower().replace("paina", "")
    assert "href" not in html


def test_relative_link_loses_its_address():
    assert "href" not in markup.render("[admin](/admin/)")


def test_raw_html_is_shown_as_text_not_markup():
    html = markup.render("<b>lihava</b> <script>alert(1)</script>")
    assert "&lt;b&gt;lihava&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html
    assert "<script" not in html


def test_images_from_other_sites_are_not_embedded():
    html = markup.render("![kuva](https://evil.example/x.png)")
    assert "<img" not in html
    assert html.startswith("<p>![kuva](")  # shown as the text that was typed


def test_control_and_bidi_override_characters_are_removed():
    text = markup.clean_text("a\u202eb\u2066c\x00d\x1be\x7ff\r\ng\rh\u200fi")
    assert text == "abcdef\ng\nhi"


def test_clean_text_keeps_emoji_and_finnish_letters():
    assert markup.clean_text("Äiti 👩‍👧 ja Öljy") == "Äiti 👩‍👧 ja Öljy"


def test_clean_title_is_one_line():
    assert markup.clean_title("  Hei\n\tmaailma \u202e ") == "Hei maailma"


def test_deep_nesting_is_flattened_not_a_crash():
    html = markup.render(">" * 5000 + " syvä")
    assert html.count("<blockquote>") <= 4
    assert "syvä" in html
    html = markup.render(" " * 5000 + "- sisennys")
    assert "sisennys" in html


def test_quote_makes_a_markdown_blockquote():
    quoted = markup.quote("maija", "Rivi yksi\n\nRivi kaksi")
    assert quoted == "> **maija:**\n>\n> Rivi yksi\n>\n> Rivi kaksi\n\n"
    html = markup.render(quoted + "Olen samaa mieltä.")
    assert html.startswith("<blockquote>")
    assert "<strong>maija:</strong>" in html


def test_plain_excerpt_is_text():
    assert markup.plain_excerpt("<p>Hei &amp; <em>moi</em></p>") == "Hei & moi"
    assert markup.plain_excerpt("<p>" + "a" * 300 + "</p>", 10) == "a" * 9 + "…"
