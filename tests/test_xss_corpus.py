"""The shared XSS corpus is well formed: every payload would show itself in the browser if it ran."""

from tests.xss import one_line_payloads, xss_payloads

# "__x" also catches window["__x" + "ss"]; "lert(" also catches \u0061lert(.
DETECTABLE = ("__x", "lert(", "base64,")


def test_corpus_is_loaded_with_line_breaks_and_without_comments():
    payloads = xss_payloads()
    assert len(payloads) > 150
    assert "<script>window.__xss = 1</script>" in payloads
    assert "```\n<script>window.__xss=1</script>\n```" in payloads
    assert not any(payload.startswith("# ") for payload in payloads)
    assert len(payloads) == len(set(payloads)), "a payload is listed twice"


def test_every_payload_is_detectable_when_it_runs():
    undetectable = [p for p in xss_payloads() if not any(mark in p for mark in DETECTABLE)]
    assert undetectable == []


def test_one_line_payloads_fit_the_field():
    short = one_line_payloads(40)
    assert short
    assert all(len(payload) <= 40 and "\n" not in payload for payload in short)
    assert "<svg/onload=window.__xss=1>" in short
