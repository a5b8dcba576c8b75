"""The accessibility statement follows the EU model and says what the latest audit found."""

import datetime

from django.core.management import call_command

from cms import accessibility
from cms.accessibility import Audit, Shortcoming, statement_blocks
from cms.models import InfoPage
from cms.setup import setup_site

EU_MODEL_SECTIONS = (
    "Saavutettavuuden tila",
    "Ei-saavutettava sisältö",
    "Selosteen laatiminen",
    "Anna palautetta saavutettavuudesta",
    "Valvontaviranomainen",
)


def _text(blocks) -> str:
    return "\n".join(value for _kind, value in blocks)


def test_the_statement_has_every_section_and_every_open_shortcoming():
    text = _text(statement_blocks())
    for section in EU_MODEL_SECTIONS:
        assert section in text
    assert "täyttää saavutettavuusvaatimukset (WCAG 2.1 AA) osittain" in text
    for item in accessibility.LATEST_AUDIT.shortcomings:
        assert item.what in text and item.instead in text
        assert all(criterion in text for criterion in item.criteria)
    audit_day = accessibility.LATEST_AUDIT.day
    assert f"laadittu {audit_day.day}.{audit_day.month}.{audit_day.year}" in text
    assert all(tool in text for tool in ("axe-core", "HTML_CodeSniffer", "Nu HTML"))


def test_an_audit_with_nothing_left_makes_the_site_fully_compliant():
    clean = Audit(day=datetime.date(2027, 6, 1), method="Arvio.", shortcomings=())
    text = _text(statement_blocks(clean))
    assert "täyttää saavutettavuusvaatimukset (WCAG 2.1 AA) kokonaan" in text
    assert "Ei-saavutettava sisältö" not in text


def test_shortcomings_are_escaped():
    audit = Audit(
        day=datetime.date(2027, 1, 1), method="x", shortcomings=(Shortcoming("<b>", ("1.1.1",), "&"),)
    )
    text = _text(statement_blocks(audit))
    assert "&lt;b&gt;" in text and "<b>" not in text


def test_the_command_republishes_the_page_after_an_audit(db, monkeypatch, client):
    setup_site()
    page = InfoPage.objects.get(slug="saavutettavuus", locale__language_code="fi")
    assert "Reaaliaikainen chat toimii vain" in client.get(page.url).content.decode()
    newer = Audit(
        day=datetime.date(2027, 3, 2),
        method="Uusi arvio.",
        shortcomings=(Shortcoming("Uusi puute.", ("2.4.7",), "Kierrä näin."),),
    )
    monkeypatch.setattr("cms.setup.statement_blocks", lambda: statement_blocks(newer))
    call_command("accessibility_statement")
    html = client.get(page.url).content.decode()
    assert "Uusi puute." in html and "laadittu 2.3.2027" in html
