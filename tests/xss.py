"""The XSS corpus in ``tests/files/xss_payloads.txt``: one loader for the unit tests and the browser tests."""

from pathlib import Path

CORPUS = Path(__file__).parent / "files" / "xss_payloads.txt"


def xss_payloads() -> list[str]:
    """Every payload of the corpus, ``\\n`` turned into a real line break."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("# ")]


def one_line_payloads(max_length: int) -> list[str]:
    """The payloads that fit a one-line field of ``max_length`` characters (titles, names, notes)."""
    return [payload for payload in xss_payloads() if "\n" not in payload and len(payload) <= max_length]
