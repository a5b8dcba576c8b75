"""eRaati demo: three monthly surveys (two with results, one open), a deeper survey, a client council
with a meeting and its memo, and the annual report. Answers are made through ``submit_response``.

Idempotent: everything is found by its slug or name and left alone when it exists.
"""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation
from django.utils.formats import date_format

from cms.languages import publish_translation
from cms.setup import ensure_publications_section
from kuulluksi import dates

from . import services
from .models import Council, CouncilMemoPage, Meeting, Question, ResultsReportPage, Survey

MONTHS_FI = [
    "tammikuun", "helmikuun", "maaliskuun", "huhtikuun", "toukokuun", "kesäkuun",
    "heinäkuun", "elokuun", "syyskuun", "lokakuun", "marraskuun", "joulukuun",
]  # fmt: skip

# key, kind, text, options, required, allow_other
MONTHLY_QUESTIONS = [
    ("palveluun-paasee", Question.Kind.AGREE, "Sain yhteyden sosiaalityöntekijään silloin, kun tarvitsin.", "", True, False),
    ("tulin-kuulluksi", Question.Kind.AGREE, "Minua kuunneltiin ja tulin kuulluksi.", "", True, False),
    ("kohtelu", Question.Kind.SCALE, "Millaista kohtelua sait?", "Huonoa\nMelko huonoa\nKohtalaista\nMelko hyvää\nHyvää", False, False),
    ("asiointitapa", Question.Kind.SINGLE, "Miten asioit useimmiten?", "Puhelimessa\nKäymällä toimistolla\nVerkossa\nKotikäynnillä", False, False),
    ("tarpeet", Question.Kind.MULTIPLE, "Missä asioissa tarvitset eniten tukea?", "Asuminen\nToimeentulo\nVelat\nTyö tai opiskelu\nYksinäisyys", False, True),
    ("suosittelu", Question.Kind.RATING, "Kuinka todennäköisesti suosittelisit palvelua ystävällesi?", "", False, False),
    ("vapaa-sana", Question.Kind.TEXT, "Mitä haluaisit kertoa palvelun kehittäjille?", "", False, False),
    ("ika", Question.Kind.BACKGROUND, "Ikäryhmä", "alle 30 vuotta\n30-49 vuotta\n50-64 vuotta\n65 vuotta tai yli", False, False),
    ("kunta", Question.Kind.BACKGROUND, "Kotikunta", "Tampere\nNokia\nKangasala\nMuu kunta", False, False),
    ("palvelu", Question.Kind.BACKGROUND, "Mitä palvelua käytit?", "Aikuissosiaalityö\nToimeentulotuki\nAsumisneuvonta", False, False),
]  # fmt: skip

# The monthly questions in Swedish and English: key -> {language: (text, options)}; options in the
# Finnish order, so that an answer means the same in every language.
MONTHLY_TRANSLATIONS = {
    "palveluun-paasee": {
        "sv": ("Jag fick kontakt med en socialarbetare när jag behövde.", ""),
        "en": ("I reached a social worker when I needed to.", ""),
    },
    "tulin-kuulluksi": {
        "sv": ("Jag blev lyssnad på och hörd.", ""),
        "en": ("I was listened to and heard.", ""),
    },
    "kohtelu": {
        "sv": ("Hur blev du bemött?", "Dåligt\nGanska dåligt\nMåttligt\nGanska bra\nBra"),
        "en": ("How were you treated?", "Badly\nFairly badly\nModerately\nFairly well\nWell"),
    },
    "asiointitapa": {
        "sv": ("Hur sköter du oftast dina ärenden?", "Per telefon\nPå byrån\nPå nätet\nVid hembesök"),
        "en": ("How do you usually deal with us?", "By phone\nAt the office\nOnline\nOn a home visit"),
    },
    "tarpeet": {
        "sv": (
            "I vilka frågor behöver du mest stöd?",
            "Boende\nUtkomst\nSkulder\nArbete eller studier\nEnsamhet",
        ),
        "en": ("What do you need most support with?", "Housing\nIncome\nDebts\nWork or studies\nLoneliness"),
    },
    "suosittelu": {
        "sv": ("Hur troligt är det att du skulle rekommendera tjänsten till en vän?", ""),
        "en": ("How likely are you to recommend the service to a friend?", ""),
    },
    "vapaa-sana": {
        "sv": ("Vad vill du berätta för dem som utvecklar tjänsten?", ""),
        "en": ("What would you like to tell the people who develop the service?", ""),
    },
    "ika": {
        "sv": ("Åldersgrupp", "under 30 år\n30–49 år\n50–64 år\n65 år eller äldre"),
        "en": ("Age group", "under 30\n30–49\n50–64\n65 or over"),
    },
    "kunta": {
        "sv": ("Hemkommun", "Tammerfors\nNokia\nKangasala\nAnnan kommun"),
        "en": ("Home municipality", "Tampere\nNokia\nKangasala\nOther municipality"),
    },
    "palvelu": {
        "sv": ("Vilken tjänst använde du?", "Socialt arbete för vuxna\nUtkomststöd\nBoenderådgivning"),
        "en": ("Which service did you use?", "Adult social work\nSocial assistance\nHousing advice"),
    },
}
MONTHLY_INTROS = {
    "sv": "Berätta hur socialt arbete för vuxna har fungerat för dig den här månaden. Det tar ungefär fem "
    "minuter och är anonymt.",
    "en": "Tell us how adult social work has worked for you this month. It takes about five minutes and is "
    "anonymous.",
}

FREE_TEXTS = [
    "Puhelinaikoja pitäisi olla enemmän.",
    "Työntekijä oli ystävällinen ja kuunteli.",
    "Lomakkeet ovat vaikeita ymmärtää.",
    "Toivoisin, että samaa työntekijää ei vaihdettaisi koko ajan.",
]


def _survey(*, slug, title, kind, opens_at, closes_at, intro, questions, translations=None) -> Survey:
    """The survey ``slug``, made once; ``translations``: {language: (title, intro, {key: (text, options)})}."""
    survey = Survey.objects.filter(slug=slug).first()
    if survey is not None:
        return survey
    translations = translations or {}
    survey = Survey.objects.create(
        slug=slug,
        title_fi=title,
        intro_fi=intro,
        kind=kind,
        opens_at=opens_at,
        closes_at=closes_at,
        **{f"title_{code}": texts[0] for code, texts in translations.items()},
        **{f"intro_{code}": texts[1] for code, texts in translations.items()},
    )
    for order, (key, question_kind, text, options, required, allow_other) in enumerate(questions):
        translated = {code: texts[2][key] for code, texts in translations.items()}
        Question.objects.create(
            survey=survey,
            sort_order=order,
            key=key,
            kind=question_kind,
            text_fi=text,
            options_fi=options,
            required=required,
            allow_other=allow_other,
            **{f"text_{code}": text for code, (text, _options) in translated.items()},
            **{f"options_{code}": options for code, (_text, options) in translated.items()},
        )
    return survey


def _monthly_translations(opens_at) -> dict:
    """The monthly survey's title, introduction and questions in Swedish and English."""
    translations = {}
    for code, intro in MONTHLY_INTROS.items():
        with translation.override(code):
            month = date_format(timezone.localtime(opens_at), "F Y")
        questions = {key: texts[code] for key, texts in MONTHLY_TRANSLATIONS.items()}
        translations[code] = (f"eRaati {month}", intro, questions)
    return translations


def _demo_answers(survey: Survey, count: int, seed: int, mood: int) -> None:
    """Answer ``count`` times through the service while the survey is open. ``mood`` shifts the scales."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not security)
    questions = {question.key: question for question in survey.questions.all()}

    def pick(weights):
        return rng.choices(range(1, len(weights) + 1), weights=weights)[0]

    for _ in range(count):
        rows = [
            (
                questions["palveluun-paasee"],
                min(5, max(1, pick([2, 3, 3, 4, 2]) + mood)) if rng.random() > 0.1 else 0,
                "",
            ),
            (questions["tulin-kuulluksi"], min(5, max(1, pick([1, 2, 3, 5, 4]) + mood)), ""),
            (questions["kohtelu"], min(5, max(1, pick([1, 1, 3, 6, 5]) + mood)), ""),
            (questions["asiointitapa"], pick([10, 6, 5, 1]), ""),
            (questions["suosittelu"], min(10, max(0, rng.randint(3, 10) + mood)), ""),
        ]
        for need in rng.sample(range(1, 6), k=rng.randint(1, 2)):
            rows.append((questions["tarpeet"], need, ""))
        if rng.random() < 0.08:
            rows.append((questions["tarpeet"], Question.OTHER, "Ruoka-apu"))
        if rng.random() < 0.2:
            rows.append((questions["vapaa-sana"], None, rng.choice(FREE_TEXTS)))
        if rng.random() < 0.9:
            rows.append((questions["ika"], pick([5, 9, 6, 1]), ""))  # few people over 65: suppressed
        if rng.random() < 0.8:
            rows.append((questions["kunta"], pick([14, 3, 3, 1]), ""))
        rows.append((questions["palvelu"], pick([8, 6, 3]), ""))
        services.submit_response(survey, rows)


def load(command):
    publications = ensure_publications_section()
    now = timezone.now()
    today = timezone.localdate()

    monthly = []
    # Each monthly survey runs from local midnight on the 1st to 23:59 on the last day of its month, so
    # the current month's is open whatever the day and hour (1 January 00:30 included).
    for months_back, count, mood in ((2, 48, -1), (1, 64, 0), (0, 0, 0)):
        opens_at = dates.month_start(now, months=-months_back)
        closes_at = dates.month_start(now, months=1 - months_back) - datetime.timedelta(minutes=1)
        name = MONTHS_FI[opens_at.month - 1]
        survey = _survey(
            slug=f"eraati-{opens_at:%Y-%m}",
            title=f"{name.capitalize()} eRaati {opens_at.year}",
            kind=Survey.Kind.MONTHLY,
            opens_at=opens_at,
            closes_at=max(closes_at, now + datetime.timedelta(days=1)) if months_back == 0 else closes_at,
            intro="Kerro, miten aikuissosiaalityön palvelut toimivat sinulle tässä kuussa. Vastaaminen vie "
            "noin viisi minuuttia ja on nimetöntä.",
            questions=MONTHLY_QUESTIONS,
            translations=_monthly_translations(opens_at),
        )
        if count and not survey.responses.exists():
            # Answers go in while the survey is open, then the survey closes. A survey that was this
            # month's open one on an earlier run gets its answers once its month is over.
            Survey.objects.filter(pk=survey.pk).update(closes_at=now + datetime.timedelta(days=1))
            survey.refresh_from_db()
            _demo_answers(survey, count, seed=opens_at.month, mood=mood)
            Survey.objects.filter(pk=survey.pk).update(closes_at=closes_at)
        monthly.append(survey)

    _survey(
        slug="syventava-asuminen",
        title="Syventävä kysely: asumisen tuki",
        kind=Survey.Kind.DEEPER,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=25),
        intro="Kuukauden kyselyssä moni kertoi tarvitsevansa tukea asumiseen. Kerro lisää.",
        questions=[
            ("asuminen-huoli", Question.Kind.AGREE, "Pelkään menettäväni asuntoni.", "", True, False),
            ("asuminen-tuki", Question.Kind.MULTIPLE, "Mikä tuki auttaisi?", "Asumisneuvonta\nVuokravakuus\nVertaistuki", False, True),
            ("asuminen-kerro", Question.Kind.TEXT, "Kerro omin sanoin", "", False, False),
        ],
    )  # fmt: skip

    council, _created = Council.objects.get_or_create(
        name="Aikuissosiaalityön asiakasraati",
        defaults={
            "description": "Asiakkaat ja ammattilaiset tapaavat kerran kuussa ja työstävät jäsenten esiin "
            "nostamia asioita."
        },
    )
    past, _created = Meeting.objects.get_or_create(
        council=council,
        place="Tampereen kaupungintalo, kokoushuone 2",
        defaults={
            "starts_at": dates.local_shift(dates.month_start(now, months=-1), days=14, hours=14),
            "agenda": "1. Tervetuloa\n2. eRaatin tulokset\n3. Puhelinajat\n4. Seuraava tapaaminen",
            "capacity": 15,
        },
    )
    Meeting.objects.get_or_create(
        council=council,
        place="Pääkirjasto Metso, ryhmätila",
        defaults={
            "starts_at": dates.at_local(today + relativedelta(days=20), datetime.time(17)),
            "agenda": "1. Tervetuloa\n2. Syventävän kyselyn tulokset\n3. Vierailijana apulaispormestari",
            "capacity": 12,
        },
    )
    if not CouncilMemoPage.objects.filter(slug="asiakasraadin-muistio").exists():
        publications.add_child(
            instance=CouncilMemoPage(
                title="Asiakasraadin muistio",
                slug="asiakasraadin-muistio",
                meeting=past,
                body=[
                    (
                        "paragraph",
                        "<p>Raati kävi läpi eRaatin tulokset. Puhelinaikojen vähyys nousi esiin.</p>",
                    ),
                    (
                        "paragraph",
                        "<p>Sovittiin, että aikuissosiaalityö kokeilee takaisinsoittopalvelua.</p>",
                    ),
                ],
            )
        ).save_revision().publish()

    # The report covers the year of the latest survey with results (last year's in January).
    report_year = timezone.localtime(monthly[1].opens_at).year
    if not ResultsReportPage.objects.filter(slug="epos-vuosiraportti").exists():
        publications.add_child(
            instance=ResultsReportPage(
                title=f"ePos-vuosiraportti {report_year}: eRaatin tulokset",
                slug="epos-vuosiraportti",
                year=report_year,
                intro="Aikuissosiaalityön asiakkaat vastasivat eRaatin kuukausikyselyihin. Tässä tulokset ja "
                "se, mitä niiden pohjalta teimme.",
                body=[
                    ("heading", "Kuukausikyselyt"),
                    (
                        "survey_results",
                        {"survey": monthly[1], "question_keys": "palveluun-paasee,asiointitapa"},
                    ),
                    ("question_trend", {"question_key": "tulin-kuulluksi", "year": report_year}),
                ],
                what_we_did=[
                    (
                        "action",
                        {
                            "finding": "Yhteyden saaminen työntekijään koettiin vaikeaksi.",
                            "action": "Aloitimme takaisinsoittopalvelun kokeilun.",
                            "status": "in_progress",
                        },
                    ),
                    (
                        "action",
                        {
                            "finding": "Lomakkeet ovat vaikeita ymmärtää.",
                            "action": "Kokemusasiantuntijat kirjoittivat toimeentulotuen ohjeet selkokielelle.",
                            "status": "done",
                        },
                    ),
                ],
            )
        ).save_revision().publish()
    _translate_report(ResultsReportPage.objects.get(slug="epos-vuosiraportti", locale__language_code="fi"))

    command.stdout.write("eRaati: monthly surveys with answers, a deeper survey, a council, memo and report.")


REPORT_TRANSLATIONS = {
    "sv": (
        "ePos årsrapport {year}: eRaatis resultat",
        "Klienterna inom socialt arbete för vuxna svarade på eRaatis månadsenkäter. Här är resultaten och vad "
        "vi gjorde utifrån dem.",
        "Månadsenkäterna",
        [
            ("Det upplevdes som svårt att få kontakt med en socialarbetare.", "Vi började pröva en tjänst där vi ringer upp."),
            ("Blanketterna är svåra att förstå.", "Erfarenhetsexperter skrev anvisningarna för utkomststöd på lättläst svenska och finska."),
        ],
    ),
    "en": (
        "ePos annual report {year}: the results of eRaati",
        "The clients of adult social work answered eRaati's monthly surveys. Here are the results and what we "
        "did because of them.",
        "The monthly surveys",
        [
            ("Reaching a social worker was found hard.", "We started trying out a call-back service."),
            ("The forms are hard to understand.", "Experts by experience rewrote the social assistance guidance in plain language."),
        ],
    ),
}  # fmt: skip


def _translate_report(report: ResultsReportPage) -> None:
    """The annual report in Swedish and English: the same results blocks with translated text around them."""
    for code, (title, intro, heading, actions) in REPORT_TRANSLATIONS.items():
        body = [
            (block.block_type, heading if block.block_type == "heading" else block.value)
            for block in report.body
        ]
        what_we_did = [
            ("action", {"finding": finding, "action": action, "status": block.value["status"]})
            for block, (finding, action) in zip(report.what_we_did, actions, strict=True)
        ]
        publish_translation(
            report,
            code,
            title=title.format(year=report.year),
            intro=intro,
            body=body,
            what_we_did=what_we_did,
        )
