"""Demo K-talks in Finnish: three past events with notes and commitments, one upcoming event.

Idempotent: pages are found by slug, snippets by name, commitments by their text.
"""

import datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.demo import DEMO_PASSWORD
from cms.languages import publish_translation
from cms.setup import ensure_home_page
from kuulluksi import dates

from . import services
from .models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    DecisionMaker,
    HostBody,
    KTalkIndexPage,
    KTalkPage,
    Theme,
    VoiceOfExperience,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
APPROVER_ACCOUNT = ("hyvaksyja", "hyvaksyja@example.org")

HOSTS = {
    "stv": ("Eduskunnan sosiaali- ja terveysvaliokunta", HostBody.Kind.PARLIAMENTARY_COMMITTEE),
    "tampere": ("Tampereen kaupunginvaltuuston vihreä valtuustoryhmä", HostBody.Kind.COUNCIL_GROUP),
    "stm": ("Sosiaali- ja terveysministeriö", HostBody.Kind.PUBLIC_AUTHORITY),
}
THEMES = {
    "toimeentulo": "Toimeentulotuki",
    "asuminen": "Asuminen",
    "sosiaaliturva": "Sosiaaliturvan uudistus",
    "terveys": "Terveys ja lääkkeet",
}
DECISION_MAKERS = {
    "lehtonen": ("Marja Lehtonen", "kansanedustaja", "Sosiaali- ja terveysvaliokunta"),
    "korhonen": ("Timo Korhonen", "kansanedustaja", "Sosiaali- ja terveysvaliokunta"),
    "heikkinen": ("Jussi Heikkinen", "kaupunginvaltuutettu", "Tampereen kaupunginvaltuusto"),
    "nieminen": ("Leena Nieminen", "sosiaali- ja terveyslautakunnan puheenjohtaja", "Tampereen kaupunki"),
    "virtanen": ("Anna Virtanen", "neuvotteleva virkamies", "Sosiaali- ja terveysministeriö"),
}


def _at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


def _upcoming_start() -> datetime.datetime:
    """13:00 Helsinki time on the first weekday two months from now."""
    return dates.at_local(dates.workday_after(timezone.localdate(), months=2), datetime.time(13))


def _p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _quote(speaker, quote):
    return {"type": "voice_quote", "value": {"speaker": speaker, "quote": quote}}


def _message(message, addressed_to=""):
    return {"type": "message_to_decision_makers", "value": {"message": message, "addressed_to": addressed_to}}


KTALKS = [
    {
        "slug": "toimeentulotuki-kuka-kuulee-hakijaa",
        "title": "Toimeentulotuki: kuka kuulee hakijaa?",
        "starts_at": _at(2026, 3, 12, 13),
        "ends_at": _at(2026, 3, 12, 15),
        "place": "Eduskunnan Pikkuparlamentti, Arkadiankatu 3, Helsinki",
        "online_url": "",
        "host": "stv",
        "theme": "toimeentulo",
        "summary": (
            "Kokemusasiantuntijat kertoivat, miltä toimeentulotuen hakeminen tuntuu, kun rahat ovat "
            "lopussa ja päätös viipyy. Valiokunnan jäsenet kuuntelivat ja kysyivät."
        ),
        "voices": [("Pirkko", datetime.date(2026, 3, 12)), ("Matti K.", datetime.date(2026, 3, 12))],
        "notes": [
            {"type": "heading", "value": "Mitä kuulimme"},
            _p(
                "Tilaisuuteen osallistui noin neljäkymmentä ihmistä. Puheenvuorot annettiin ensin "
                "kokemusasiantuntijoille; valiokunnan jäsenet pidättäytyivät omista puheista ja esittivät "
                "vain tarkentavia kysymyksiä."
            ),
            _quote(
                "Pirkko",
                "Kun hakemus on ollut käsittelyssä kolme viikkoa, jääkaapissa on vain margariinia. "
                "Lapselle en kehtaa sanoa, miksi ruokaa ei ole.",
            ),
            _p(
                "Useampi puhuja kertoi, että liitteitä pyydetään uudelleen, vaikka ne on jo toimitettu. "
                "Puhelinpalveluun on vaikea päästä, eikä kaikilla ole pankkitunnuksia sähköiseen asiointiin."
            ),
            _quote(
                "Matti K.",
                "Minulta kysyttiin tiliotteita, jotka olin lähettänyt kahdesti. Tuntui, ettei kukaan "
                "lukenut hakemustani, vaan kone hylkäsi sen.",
            ),
            _message(
                "Toimeentulotuen käsittelyajan seitsemän arkipäivää on pidettävä myös käytännössä. "
                "Kiireellisissä tilanteissa päätös on tehtävä samana päivänä.",
                "Eduskunnan sosiaali- ja terveysvaliokunta",
            ),
            _message("Asiointi on voitava hoitaa myös kasvokkain ja paperilla, ei vain verkossa."),
        ],
        "attended": ["lehtonen", "korhonen"],
        "commitments": [
            (
                "lehtonen",
                "Ehdottaa, että valiokunta pyytää Kelalta selvityksen toimeentulotuen käsittelyajoista "
                "ja liitepyynnöistä.",
                [
                    (
                        datetime.date(2026, 4, 2),
                        CommitmentStatus.IN_PROGRESS,
                        "Selvityspyyntö käsiteltiin valiokunnan kokouksessa.",
                    ),
                    (
                        datetime.date(2026, 6, 10),
                        CommitmentStatus.DONE,
                        "Kelan selvitys saatiin ja se on julkaistu valiokunnan sivuilla.",
                    ),
                ],
            ),
            (
                "korhonen",
                "Selvittää, voidaanko kasvokkain asioinnin oikeus kirjata lakiin.",
                [
                    (
                        datetime.date(2026, 5, 5),
                        CommitmentStatus.IN_PROGRESS,
                        "Kirjallinen kysymys jätetty ministerille.",
                    )
                ],
            ),
        ],
    },
    {
        "slug": "asunnottomuus-ja-vuokrat-tampereella",
        "title": "Asunnottomuus ja vuokrat Tampereella",
        "starts_at": _at(2026, 5, 20, 17),
        "ends_at": _at(2026, 5, 20, 19),
        "place": "Tampereen pääkirjasto Metso, Pirkankatu 2, Tampere",
        "online_url": "",
        "host": "tampere",
        "theme": "asuminen",
        "summary": (
            "Asunnottomuutta ja vuokrarästejä kokeneet kertoivat, mikä auttoi ja mikä ei. "
            "Valtuutetut kuulivat, miten häätöuhka näkyy arjessa."
        ),
        "voices": [("Sanna", datetime.date(2026, 5, 18)), ("Kari", datetime.date(2026, 5, 20))],
        "notes": [
            _p(
                "Illan aiheena oli kohtuuhintainen asuminen. Paikalla oli noin kolmekymmentä kuulijaa "
                "sekä valtuustoryhmän jäseniä."
            ),
            _quote(
                "Sanna",
                "Asuin puoli vuotta ystävien sohvilla. Osoitetta ei ollut, joten postikaan ei tullut, "
                "ja siksi jäin paitsi tuesta, johon minulla olisi ollut oikeus.",
            ),
            _quote(
                "Kari",
                "Asumisneuvoja oli ainoa, joka soitti minulle takaisin. Hänen ansiostaan en joutunut kadulle.",
            ),
            _message(
                "Asumisneuvontaa on oltava kaikille vuokralaisille, ei vain kaupungin asunnoissa asuville.",
                "Tampereen kaupunginvaltuusto",
            ),
        ],
        "attended": ["heikkinen", "nieminen"],
        "commitments": [
            (
                "heikkinen",
                "Tekee valtuustoaloitteen kohtuuhintaisten vuokra-asuntojen lisäämisestä.",
                [
                    (
                        datetime.date(2026, 6, 15),
                        CommitmentStatus.IN_PROGRESS,
                        "Aloite jätetty; odottaa lautakunnan lausuntoa.",
                    )
                ],
            ),
            (
                "nieminen",
                "Esittää lautakunnalle asumisneuvonnan laajentamista yksityisiin vuokra-asuntoihin.",
                [
                    (
                        datetime.date(2026, 10, 1),
                        CommitmentStatus.NOT_DONE,
                        "Lisämäärärahaa ei myönnetty vuoden 2027 talousarviossa.",
                    )
                ],
            ),
        ],
    },
    {
        "slug": "sosiaaliturvan-uudistus-kokemusasiantuntijan-silmin",
        "title": "Sosiaaliturvan uudistus kokemusasiantuntijan silmin",
        "starts_at": _at(2026, 9, 15, 10),
        "ends_at": _at(2026, 9, 15, 12),
        "place": "Sosiaali- ja terveysministeriö, Meritullinkatu 8, Helsinki",
        "online_url": "https://example.org/k-talk-syyskuu",
        "host": "stm",
        "theme": "sosiaaliturva",
        "summary": (
            "Millainen sosiaaliturva kannustaisi eikä rankaisisi? Kokemusasiantuntijat kertoivat "
            "työn, etuuksien ja byrokratian loukuista."
        ),
        "voices": [("Pirkko", datetime.date(2026, 9, 15)), ("Jari", datetime.date(2026, 9, 10))],
        "notes": [
            _p(
                "Tilaisuus pidettiin ministeriössä, ja sitä saattoi seurata myös verkossa. "
                "Kokemusasiantuntijat puhuivat ensin, virkamiehet kuuntelivat."
            ),
            _quote(
                "Jari",
                "Otin vastaan kahden viikon keikkatyön. Sen jälkeen odotin etuutta kuusi viikkoa. "
                "Seuraavan kerran mietin tarkkaan, kannattaako töihin mennä.",
            ),
            _quote("Pirkko", "Me emme ole laiskoja. Me olemme väsyneitä täyttämään lomakkeita."),
            _message(
                "Lyhyt työkeikka ei saa katkaista toimeentuloa. Etuuksien on joustettava nopeasti, "
                "kun tulot vaihtelevat.",
                "Sosiaaliturvakomitea",
            ),
        ],
        "attended": ["virtanen"],
        "commitments": [
            (
                "virtanen",
                "Kutsuu kokemusasiantuntijoita sosiaaliturvakomitean kuulemiseen.",
                [],
            ),
        ],
    },
    {
        "slug": "laakekulut-ja-pienituloisen-terveys",
        "title": "Lääkekulut ja pienituloisen terveys",
        "starts_at": None,  # always upcoming: set when loaded (see _upcoming_start)
        "ends_at": None,
        "place": "Eduskunnan Pikkuparlamentti, Arkadiankatu 3, Helsinki",
        "online_url": "https://example.org/k-talk-helmikuu",
        "host": "stv",
        "theme": "terveys",
        "summary": (
            "Tervetuloa kertomaan tai kuuntelemaan: miten lääkkeiden omavastuut ja terveyskeskusmaksut "
            "vaikuttavat, kun rahaa on vähän? Tilaisuus on maksuton ja avoin kaikille."
        ),
        "voices": [],
        "notes": [],
        "attended": [],
        "commitments": [],
    },
]


def _ensure_approver_account():
    user = get_user_model().objects.filter(username=APPROVER_ACCOUNT[0]).first()
    if user is None:
        user = get_user_model()(username=APPROVER_ACCOUNT[0], email=APPROVER_ACCOUNT[1])
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(
        Group.objects.get(name=roles.COORDINATOR), Group.objects.get(name=services.APPROVER_GROUP)
    )
    EmailAddress.objects.get_or_create(
        user=user, email=APPROVER_ACCOUNT[1], defaults={"verified": True, "primary": True}
    )


# The index and the first K-talk in Swedish and English: {language: fields}; the notes block for block.
INDEX_TRANSLATIONS = {
    "sv": (
        "K-talks",
        "I K-talks berättar personer med egen erfarenhet av fattigdom och beslutsfattare lyssnar. "
        "Varje tillfälle har en riksdagsgrupp eller annan officiell värd. Här hittar du kommande tillfällen, "
        "minnesanteckningarna och vad beslutsfattarna lovade att göra.",
    ),
    "en": (
        "K-talks",
        "At K-talks people with lived experience of poverty speak and decision-makers listen. "
        "Each event is hosted by a parliamentary group or another official body. Here you find the coming "
        "events, the notes and what the decision-makers promised to do.",
    ),
}
KTALK_TRANSLATIONS = {
    "toimeentulotuki-kuka-kuulee-hakijaa": {
        "sv": {
            "title": "Utkomststöd: vem lyssnar på den sökande?",
            "summary": "Erfarenhetsexperter berättade hur det känns att söka utkomststöd när pengarna är slut och "
            "beslutet dröjer. Utskottets ledamöter lyssnade och ställde frågor.",
            "notes": [
                {"type": "heading", "value": "Vad vi hörde"},
                _p("Ett fyrtiotal personer deltog. Ordet gavs först till erfarenhetsexperterna; utskottets "
                   "ledamöter höll inga egna anföranden utan ställde bara preciserande frågor."),
                _quote("Pirkko", "När ansökan har varit under behandling i tre veckor finns det bara margarin i "
                       "kylskåpet. Jag vågar inte säga till mitt barn varför det inte finns mat."),
                _p("Flera talare berättade att bilagor begärs på nytt fast de redan har lämnats in. Det är svårt "
                   "att komma fram till telefontjänsten, och alla har inte bankkoder för att sköta ärenden på nätet."),
                _quote("Matti K.", "Jag ombads skicka kontoutdrag som jag redan skickat två gånger. Det kändes som "
                       "om ingen läste min ansökan, utan en maskin avslog den."),
                _message("Behandlingstiden på sju vardagar för utkomststöd ska hållas också i praktiken. I brådskande "
                         "fall ska beslutet fattas samma dag.", "Riksdagens social- och hälsovårdsutskott"),
                _message("Ärenden ska kunna skötas också ansikte mot ansikte och på papper, inte bara på nätet."),
            ],
        },
        "en": {
            "title": "Social assistance: who listens to the applicant?",
            "summary": "Experts by experience told what applying for social assistance feels like when the money "
            "has run out and the decision is late. The committee members listened and asked.",
            "notes": [
                {"type": "heading", "value": "What we heard"},
                _p("About forty people took part. The floor was given first to the experts by experience; the "
                   "committee members made no speeches of their own and only asked clarifying questions."),
                _quote("Pirkko", "When the application has been pending for three weeks, there is only margarine in "
                       "the fridge. I can't bring myself to tell my child why there is no food."),
                _p("Several speakers said that attachments are asked for again although they have already been "
                   "sent. The phone service is hard to reach, and not everyone has online banking codes for "
                   "dealing with things online."),
                _quote("Matti K.", "I was asked for bank statements I had sent twice. It felt as if nobody read my "
                       "application and a machine turned it down."),
                _message("The seven working days for handling social assistance must hold in practice too. In "
                         "urgent cases the decision must be made the same day.",
                         "The Social Affairs and Health Committee of Parliament"),
                _message("It must be possible to deal with things face to face and on paper, not only online."),
            ],
        },
    },
}  # fmt: skip


# The registers and the follow-up in Swedish and English: {Finnish text: (Swedish, English)}.
TEXT_TRANSLATIONS = {
    "Eduskunnan sosiaali- ja terveysvaliokunta": (
        "Riksdagens social- och hälsovårdsutskott",
        "The Social Affairs and Health Committee of Parliament",
    ),
    "Tampereen kaupunginvaltuuston vihreä valtuustoryhmä": (
        "Gröna fullmäktigegruppen i Tammerfors stadsfullmäktige",
        "The Green group of Tampere City Council",
    ),
    "Sosiaali- ja terveysministeriö": (
        "Social- och hälsovårdsministeriet",
        "Ministry of Social Affairs and Health",
    ),
    "Toimeentulotuki": ("Utkomststöd", "Social assistance"),
    "Asuminen": ("Boende", "Housing"),
    "Sosiaaliturvan uudistus": ("Socialskyddsreformen", "Social security reform"),
    "Terveys ja lääkkeet": ("Hälsa och läkemedel", "Health and medicines"),
    "kansanedustaja": ("riksdagsledamot", "Member of Parliament"),
    "kaupunginvaltuutettu": ("stadsfullmäktigeledamot", "city councillor"),
    "sosiaali- ja terveyslautakunnan puheenjohtaja": (
        "ordförande för social- och hälsovårdsnämnden",
        "chair of the social and health committee",
    ),
    "neuvotteleva virkamies": ("konsultativ tjänsteman", "ministerial adviser"),
    "Sosiaali- ja terveysvaliokunta": (
        "Social- och hälsovårdsutskottet",
        "Social Affairs and Health Committee",
    ),
    "Tampereen kaupunginvaltuusto": ("Tammerfors stadsfullmäktige", "Tampere City Council"),
    "Tampereen kaupunki": ("Tammerfors stad", "City of Tampere"),
    "Ehdottaa, että valiokunta pyytää Kelalta selvityksen toimeentulotuen käsittelyajoista ja liitepyynnöistä.": (
        "Föreslår att utskottet ber FPA om en utredning av handläggningstiderna för utkomststöd och "
        "begäranden om bilagor.",
        "Will propose that the committee ask Kela for a report on the handling times of social assistance "
        "and its requests for attachments.",
    ),
    "Selvityspyyntö käsiteltiin valiokunnan kokouksessa.": (
        "Begäran om utredning behandlades på utskottets möte.",
        "The request for a report was discussed at the committee's meeting.",
    ),
    "Kelan selvitys saatiin ja se on julkaistu valiokunnan sivuilla.": (
        "FPA:s utredning kom och har publicerats på utskottets webbplats.",
        "Kela's report arrived and has been published on the committee's website.",
    ),
    "Selvittää, voidaanko kasvokkain asioinnin oikeus kirjata lakiin.": (
        "Utreder om rätten att sköta ärenden ansikte mot ansikte kan skrivas in i lagen.",
        "Will find out whether the right to deal with matters face to face can be written into law.",
    ),
    "Kirjallinen kysymys jätetty ministerille.": (
        "Ett skriftligt spörsmål har lämnats till ministern.",
        "A written question has been put to the minister.",
    ),
    "Tekee valtuustoaloitteen kohtuuhintaisten vuokra-asuntojen lisäämisestä.": (
        "Lämnar en fullmäktigemotion om fler rimligt prissatta hyresbostäder.",
        "Will table a council motion for more affordable rental homes.",
    ),
    "Aloite jätetty; odottaa lautakunnan lausuntoa.": (
        "Motionen är inlämnad och väntar på nämndens utlåtande.",
        "Motion tabled; waiting for the committee's statement.",
    ),
    "Esittää lautakunnalle asumisneuvonnan laajentamista yksityisiin vuokra-asuntoihin.": (
        "Föreslår för nämnden att boenderådgivningen utvidgas till privata hyresbostäder.",
        "Will propose to the committee that housing advice be extended to private rental homes.",
    ),
    "Lisämäärärahaa ei myönnetty vuoden 2027 talousarviossa.": (
        "Inget tilläggsanslag beviljades i budgeten för 2027.",
        "No additional funding was granted in the 2027 budget.",
    ),
    "Kutsuu kokemusasiantuntijoita sosiaaliturvakomitean kuulemiseen.": (
        "Bjuder in erfarenhetsexperter till en hörning i socialskyddskommittén.",
        "Will invite experts by experience to a hearing of the social security committee.",
    ),
}
TRANSLATED_TEXTS = (
    (HostBody, ("name",)),
    (Theme, ("name",)),
    (DecisionMaker, ("title", "organisation")),
    (Commitment, ("promise",)),
    (CommitmentUpdate, ("note",)),
)


def _translate_registers_and_follow_up():
    """Fill the Swedish and English texts of the demo's registers and commitments where still empty."""
    for model, fields in TRANSLATED_TEXTS:
        for obj in model.objects.all():
            changed = []
            for field in fields:
                translations = TEXT_TRANSLATIONS.get(getattr(obj, f"{field}_fi") or "")
                for code, text in zip(("sv", "en"), translations or (), strict=True):
                    if not getattr(obj, f"{field}_{code}"):
                        setattr(obj, f"{field}_{code}", text)
                        changed.append(f"{field}_{code}")
            if changed:
                obj.save(update_fields=changed)


def ensure_index_page() -> KTalkIndexPage:
    home = ensure_home_page()
    index_page = KTalkIndexPage.objects.child_of(home).first()
    if index_page is None:
        index_page = home.add_child(
            instance=KTalkIndexPage(
                title="K-talkit",
                slug="k-talkit",
                intro=(
                    "K-talkeissa köyhyyttä kokeneet kertovat kokemuksistaan, ja päättäjät kuuntelevat. "
                    "Jokaista tilaisuutta isännöi eduskuntaryhmä tai muu virallinen taho. Täältä löydät "
                    "tulevat tilaisuudet, muistiot ja sen, mitä päättäjät lupasivat tehdä."
                ),
            )
        )
        index_page.save_revision().publish()
    services.ensure_notes_workflow(index_page)
    return index_page


def load(command):
    index_page = ensure_index_page()
    _ensure_approver_account()
    hosts = {
        key: HostBody.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for key, (name, kind) in HOSTS.items()
    }
    themes = {key: Theme.objects.get_or_create(name=name)[0] for key, name in THEMES.items()}
    people = {
        key: DecisionMaker.objects.get_or_create(name=name, defaults={"title": title, "organisation": org})[0]
        for key, (name, title, org) in DECISION_MAKERS.items()
    }
    for data in KTALKS:
        ktalk = KTalkPage.objects.child_of(index_page).filter(slug=data["slug"]).first()
        if ktalk is None:
            starts_at = data["starts_at"] or _upcoming_start()
            ktalk = KTalkPage(
                title=data["title"],
                slug=data["slug"],
                starts_at=starts_at,
                ends_at=data["ends_at"] or starts_at + datetime.timedelta(hours=2),
                place=data["place"],
                online_url=data["online_url"],
                host_body=hosts[data["host"]],
                theme=themes[data["theme"]],
                summary=data["summary"],
                notes=data["notes"],
            )
            for pseudonym, consent_date in data["voices"]:
                ktalk.voices.add(
                    VoiceOfExperience(
                        pseudonym=pseudonym,
                        consent_given=True,
                        consent_date=consent_date,
                        consent_note="Kirjallinen suostumus, säilytetään koordinaattorilla.",
                    )
                )
            ktalk.decision_makers.set([people[key] for key in data["attended"]])
            index_page.add_child(instance=ktalk)
            ktalk.save_revision().publish()
        for person, promise, updates in data["commitments"]:
            if Commitment.objects.filter(ktalk=ktalk, promise=promise).exists():
                continue
            commitment = services.create_commitment(
                user=None, ktalk=ktalk, decision_maker=people[person], promise=promise
            )
            for date, status, note in updates:
                services.record_commitment_update(commitment, user=None, status=status, note=note, date=date)
    _translate_registers_and_follow_up()
    for code, (title, intro) in INDEX_TRANSLATIONS.items():
        publish_translation(index_page, code, title=title, intro=intro)
    for slug, translations in KTALK_TRANSLATIONS.items():
        ktalk = KTalkPage.objects.child_of(index_page).get(slug=slug)
        for code, fields in translations.items():
            publish_translation(ktalk, code, **fields)
    command.stdout.write(f"K-talks: {KTalkPage.objects.child_of(index_page).count()} events.")


def demo_accounts() -> list[tuple[str, str]]:
    """(pseudonym, what to try with it) for the summary that ``load_demo`` ends with."""
    return [(APPROVER_ACCOUNT[0], "K-talk notes approver: approve and publish K-talk notes")]
