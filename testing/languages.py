"""What a test reads in a page as a reader of another language would: Finnish sentences that no element
marks ``lang="fi"`` (WCAG 3.1.2), and the internal links that should keep the reader's language."""

import re

from bs4 import BeautifulSoup

# Words that mark a Finnish sentence (and are not Swedish or English words).
FINNISH_WORDS = {
    "ja",
    "on",
    "ei",
    "tai",
    "että",
    "kun",
    "voit",
    "mitä",
    "jos",
    "ovat",
    "tässä",
    "sinun",
    "miten",
}


def finnish_outside_a_finnish_element(html: str) -> list[str]:
    """The texts of ``html``'s main content that read as Finnish and stand in no element marked Finnish."""
    main = BeautifulSoup(html, "html.parser").find("main")
    found = []
    for text in main.find_all(string=True):
        if text.parent.name in ("script", "style"):
            continue
        words = set(re.findall(r"\w+", text.lower()))
        if len(words & FINNISH_WORDS) >= 2:
            marked = text.find_parent(attrs={"lang": True})
            if marked is None or marked["lang"] != "fi":
                found.append(" ".join(text.split()))
    return found


def internal_links(html: str) -> list[str]:
    main = BeautifulSoup(html, "html.parser").find("main")
    return [a["href"] for a in main.find_all("a", href=True) if a["href"].startswith("/")]
