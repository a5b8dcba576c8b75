"""The XSS payload corpus in ``files/xss_payloads.txt`` (also used by the browser test)."""

from pathlib import Path

CORPUS = Path(__file__).parent / "files" / "xss_payloads.txt"


def xss_payloads() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("# ")]
