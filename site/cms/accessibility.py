"""The accessibility statement, built from the record of the latest audit (the EU model statement of
Directive (EU) 2016/2102 and its implementing decision 2018/1523, as Traficom publishes it in Finnish).

``LATEST_AUDIT`` is the one place to update after an audit: its date, how it was made, and every
shortcoming found that is not fixed yet, with the WCAG 2.1 success criterion it fails. The statement's
compliance status follows from that list (none left: fully compliant). ``setup_site`` writes the
statement page from it; ``manage.py accessibility_statement`` rewrites an existing page after a new audit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.html import escape


@dataclass(frozen=True)
class Shortcoming:
    """Content or a function that does not meet WCAG 2.1 AA yet, in plain Finnish, and what to do instead."""

    what: str
    criteria: tuple[str, ...]
    instead: str


@dataclass(frozen=True)
class Audit:
    day: datetime.date
    method: str
    shortcomings: tuple[Shortcoming, ...]

    @property
    def status(self) -> str:
        if not self.shortcomings:
            return "Kuulluksi täyttää saavutettavuusvaatimukset (WCAG 2.1 AA) kokonaan."
        return (
            "Kuulluksi täyttää saavutettavuusvaatimukset (WCAG 2.1 AA) osittain. Alla luetellut "
            "puutteet eivät vielä täytä vaatimuksia."
        )


LATEST_AUDIT = Audit(
    day=datetime.date(2026, 12, 3),
    method=(
        "Arvioimme sivuston itse. Jokainen sivutyyppi tarkistettiin automaattisesti suomeksi ja ruotsiksi "
        "Chromium-selaimessa kahdella työkalulla, axe-core ja pa11y (HTML_CodeSniffer), sekä W3C:n Nu "
        "HTML -tarkistimella, ja ylläpidon luettelosivut 320 pikselin levyisellä näytöllä. Lisäksi kävimme "
        "pääpolut (kyselyyn vastaaminen, keskusteluun kirjoittaminen, chat, K-talkien lukeminen) läpi "
        "näppäimistöllä, 360 pikselin levyisellä näytöllä, 200 %:n suurennuksella ja ilman JavaScriptiä. "
        "Automaattiset tarkistukset ajetaan jokaisen muutoksen yhteydessä."
    ),
    shortcomings=(
        Shortcoming(
            what="Reaaliaikainen chat toimii vain, kun selaimessa on JavaScript käytössä.",
            criteria=("4.1.2",),
            instead=(
                "Kaikki muu sivustolla toimii ilman JavaScriptiä. Jos tarvitset apua heti, chat-sivulla "
                "ja jokaisen chatin vieressä on kriisipuhelinten numerot."
            ),
        ),
    ),
)


def statement_blocks(audit: Audit = LATEST_AUDIT) -> list[tuple[str, str]]:
    """The statement's (block type, HTML) pairs, in the order of the EU model statement."""
    day = f"{audit.day.day}.{audit.day.month}.{audit.day.year}"
    blocks = [
        ("paragraph", "<p>Tämä saavutettavuusseloste koskee Kuulluksi-sivustoa.</p>"),
        ("heading", "Saavutettavuuden tila"),
        ("paragraph", f"<p>{escape(audit.status)}</p>"),
    ]
    if audit.shortcomings:
        blocks.append(("heading", "Ei-saavutettava sisältö"))
        items = "".join(
            f"<li><p>{escape(item.what)} (WCAG 2.1: {escape(', '.join(item.criteria))})</p>"
            f"<p>{escape(item.instead)}</p></li>"
            for item in audit.shortcomings
        )
        blocks.append(("paragraph", f"<ul>{items}</ul>"))
    blocks += [
        ("heading", "Selosteen laatiminen"),
        ("paragraph", f"<p>Seloste on laadittu {day}. {escape(audit.method)}</p>"),
        ("heading", "Anna palautetta saavutettavuudesta"),
        (
            "paragraph",
            "<p>Huomasitko puutteen, jota ei ole lueteltu? Kerro siitä palautelomakkeella. Vastaamme 14 "
            "päivän kuluessa.</p>",
        ),
        ("heading", "Valvontaviranomainen"),
        (
            "paragraph",
            "<p>Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta 14 päivän kuluessa, "
            "voit tehdä ilmoituksen valvontaviranomaiselle: Liikenne- ja viestintävirasto Traficom, "
            "digitaalisen esteettömyyden ja saavutettavuuden valvontayksikkö, "
            "saavutettavuus@traficom.fi, www.saavutettavuusvaatimukset.fi.</p>",
        ),
    ]
    return blocks
