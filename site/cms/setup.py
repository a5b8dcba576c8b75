"""The pages every Kuulluksi site starts with: the home page at the site root and the footer pages
(privacy notice, accessibility statement, feedback form). Idempotent; coordinators edit them afterwards."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from accounts import roles

from .accessibility import statement_blocks
from .footer import pages_version
from .languages import ensure_locales, publish_translation, synchronise_page_trees
from .models import FeedbackFormField, FeedbackFormPage, HomePage, InfoPage, SiteLinks

HOME_INTRO = (
    "<p>Kuulluksi on paikka, jossa sosiaalipalvelujen asiakkaat tulevat kuulluiksi. Voit osallistua "
    "nimettömästi tai nimimerkillä – tiliä ei tarvita lukemiseen eikä kyselyyn vastaamiseen.</p>"
)

HOME_BODY = [
    ("heading", "K-talkit"),
    (
        "paragraph",
        "<p>Köyhyyttä kokeneet kertovat kokemuksistaan ja päättäjät kuuntelevat. Luet täältä tilaisuuksien "
        "muistiot ja sen, mitä päättäjät lupasivat tehdä – ja mitä lupauksille on tapahtunut.</p>",
    ),
    ("heading", "Keskustelu"),
    (
        "paragraph",
        "<p>Moderoitu keskustelupalsta, jossa kritiikki on tervetullutta ja rasismi ei. Jokainen "
        "moderointipäätös kertoo, mihin sääntöön se perustuu.</p>",
    ),
    ("heading", "eRaati"),
    (
        "paragraph",
        "<p>Kuukauden nimetön kysely sosiaalipalvelujen asiakkaille. Tulokset julkaistaan, ja voit halutessasi "
        "jättää yhteystietosi erikseen, jos haluat mukaan syventäviin kyselyihin tai asiakasraatiin.</p>",
    ),
    ("heading", "Vertaischat"),
    (
        "paragraph",
        "<p>Koulutettujen vapaaehtoisten vetämä chat sovittuina aikoina. Voit tulla nimimerkillä ilman tiliä.</p>",
    ),
]

PRIVACY_BODY = [
    (
        "paragraph",
        "<p>Kerromme tässä, mitä tietoja Kuulluksi käsittelee ja miksi. Keräämme vain sen, mitä palvelu "
        "välttämättä tarvitsee. Emme käytä kolmansien osapuolten seurantaa, mainoksia, fontteja tai "
        "sisältöverkkoja.</p>",
    ),
    ("heading", "Tili"),
    (
        "paragraph",
        "<p>Tiliin tallennetaan nimimerkki, sähköpostiosoite, salasanan tiiviste, kieli ja se, minkä "
        "version yhteisön säännöistä hyväksyit. Oikeaa nimeä ei kysytä. Voit ladata kaikki tietosi ja "
        "poistaa tilisi omalta tilisivultasi. Poistetun tilin kirjoitukset jäävät näkyviin nimellä "
        "”poistettu käyttäjä”.</p>",
    ),
    ("heading", "eRaati-kyselyt"),
    (
        "paragraph",
        "<p>Vastaukset ovat nimettömiä: niihin ei tallenneta käyttäjää, IP-osoitetta eikä tarkkaa aikaa. "
        "Jos jätät yhteystietosi kutsuja varten, ne tallennetaan erilleen vastauksistasi niin, ettei niitä "
        "voi yhdistää. Suostumuksen voi perua jokaisen viestin linkistä.</p>",
    ),
    ("heading", "Vertaischat"),
    (
        "paragraph",
        "<p>Avoimien chat-tilaisuuksien viestit poistetaan automaattisesti säilytysajan jälkeen.</p>",
    ),
    ("heading", "Lokit ja varmuuskopiot"),
    (
        "paragraph",
        "<p>Palvelimen lokeihin ei tallenneta IP-osoitettasi eikä kyselylinkkien tunnisteita. "
        "Lokit poistetaan 14 päivän kuluttua. Salatut varmuuskopiot säilytetään 14 päivää, joten "
        "poistamasi tiedot häviävät myös varmuuskopioista viimeistään kahden viikon kuluttua.</p>",
    ),
]

# The same pages in Swedish and English: (title, introduction, body) per language.
HOME_TRANSLATIONS = {
    "sv": (
        "Kuulluksi",
        "<p>Kuulluksi är en plats där klienter inom socialservicen blir hörda. Du kan delta anonymt eller "
        "med en signatur – du behöver inget konto för att läsa eller svara på enkäten.</p>",
        [
            ("heading", "K-talks"),
            (
                "paragraph",
                "<p>Personer med egen erfarenhet av fattigdom berättar och beslutsfattare lyssnar. Här läser du "
                "minnesanteckningarna och vad beslutsfattarna lovade att göra – och vad som hänt med löftena.</p>",
            ),
            ("heading", "Diskussion"),
            (
                "paragraph",
                "<p>Ett modererat diskussionsforum där kritik är välkommen och rasism inte. Varje "
                "modereringsbeslut anger vilken regel det grundar sig på.</p>",
            ),
            ("heading", "eRaati"),
            (
                "paragraph",
                "<p>Månadens anonyma enkät för klienter inom socialservicen. Resultaten publiceras, och om du "
                "vill kan du lämna dina kontaktuppgifter separat för fördjupade enkäter eller klientrådet.</p>",
            ),
            ("heading", "Kamratchatt"),
            (
                "paragraph",
                "<p>En chatt som leds av utbildade frivilliga på bestämda tider. Du kan komma med en signatur "
                "utan konto.</p>",
            ),
        ],
    ),
    "en": (
        "Kuulluksi",
        "<p>Kuulluksi is a place where clients of social services are heard. You can take part anonymously "
        "or under a pseudonym – you need no account to read or to answer the survey.</p>",
        [
            ("heading", "K-talks"),
            (
                "paragraph",
                "<p>People with lived experience of poverty speak and decision-makers listen. Here you can read "
                "the notes of the events and what the decision-makers promised to do – and what became of it.</p>",
            ),
            ("heading", "Discussion"),
            (
                "paragraph",
                "<p>A moderated forum where criticism is welcome and racism is not. Every moderation decision "
                "says which rule it rests on.</p>",
            ),
            ("heading", "eRaati"),
            (
                "paragraph",
                "<p>The monthly anonymous survey for clients of social services. The results are published, "
                "and if you wish you can leave your contact details separately to join deeper surveys or the "
                "client council.</p>",
            ),
            ("heading", "Peer chat"),
            (
                "paragraph",
                "<p>A chat run by trained volunteers at set times. You can come under a pseudonym without an "
                "account.</p>",
            ),
        ],
    ),
}

PRIVACY_TRANSLATIONS = {
    "sv": (
        "Dataskyddsbeskrivning",
        "Vilka uppgifter vi behandlar och varför.",
        [
            (
                "paragraph",
                "<p>Här berättar vi vilka uppgifter Kuulluksi behandlar och varför. Vi samlar bara in det som "
                "tjänsten verkligen behöver. Vi använder ingen spårning, inga annonser, typsnitt eller "
                "innehållsnätverk från tredje part.</p>",
            ),
            ("heading", "Konto"),
            (
                "paragraph",
                "<p>I kontot sparas signaturen, e-postadressen, ett hashvärde av lösenordet, språket och vilken "
                "version av gemenskapens regler du godkände. Vi frågar inte efter ditt riktiga namn. Du kan "
                "ladda ner alla dina uppgifter och radera ditt konto på din kontosida. Inlägg från ett raderat "
                "konto syns under namnet ”raderad användare”.</p>",
            ),
            ("heading", "eRaati-enkäter"),
            (
                "paragraph",
                "<p>Svaren är anonyma: ingen användare, ingen IP-adress och ingen exakt tid sparas med dem. Om "
                "du lämnar kontaktuppgifter för inbjudningar sparas de skilt från dina svar så att de inte kan "
                "kopplas ihop. Du kan återkalla samtycket via länken i varje meddelande.</p>",
            ),
            ("heading", "Kamratchatt"),
            (
                "paragraph",
                "<p>Meddelanden i öppna chattillfällen raderas automatiskt efter lagringstiden.</p>",
            ),
            ("heading", "Loggar och säkerhetskopior"),
            (
                "paragraph",
                "<p>Serverns loggar sparar inte din IP-adress eller enkätlänkarnas koder. Loggarna raderas "
                "efter 14 dagar. Krypterade säkerhetskopior sparas i 14 dagar, så uppgifter du raderat "
                "försvinner också ur säkerhetskopiorna senast efter två veckor.</p>",
            ),
        ],
    ),
    "en": (
        "Privacy notice",
        "What information we process and why.",
        [
            (
                "paragraph",
                "<p>This notice tells what information Kuulluksi processes and why. We collect only what the "
                "service really needs. We use no third-party tracking, advertising, fonts or content delivery "
                "networks.</p>",
            ),
            ("heading", "Account"),
            (
                "paragraph",
                "<p>An account stores your pseudonym, e-mail address, a hash of your password, your language "
                "and which version of the community rules you accepted. We do not ask for your real name. You "
                "can download all your data and delete your account on your account page. The posts of a "
                "deleted account stay visible under the name “deleted user”.</p>",
            ),
            ("heading", "eRaati surveys"),
            (
                "paragraph",
                "<p>Answers are anonymous: no user, IP address or exact time is stored with them. If you leave "
                "contact details for invitations, they are stored apart from your answers so that the two "
                "cannot be linked. You can withdraw your consent from the link in every message.</p>",
            ),
            ("heading", "Peer chat"),
            (
                "paragraph",
                "<p>The messages of open chat sessions are deleted automatically after the retention time.</p>",
            ),
            ("heading", "Logs and backups"),
            (
                "paragraph",
                "<p>The server's logs do not record your IP address or the codes of survey links. Logs are "
                "deleted after 14 days. Encrypted backups are kept for 14 days, so data you have deleted also "
                "disappears from the backups within two weeks.</p>",
            ),
        ],
    ),
}

PUBLICATIONS_TRANSLATIONS = {
    "sv": (
        "eRaati: resultat och minnesanteckningar",
        "Månadsenkäternas resultatrapporter och klientrådens minnesanteckningar.",
    ),
    "en": (
        "eRaati: results and memos",
        "The results reports of the monthly surveys and the memos of the client councils.",
    ),
}

ACCESSIBILITY_SLUG = "saavutettavuus"


def _stream(blocks):
    return [{"type": block_type, "value": value} for block_type, value in blocks]


def ensure_home_page() -> HomePage:
    """The site's home page, created once in place of Wagtail's default welcome page."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:  # a database flushed after migrate (e.g. by a transactional test)
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
        home = root.add_child(
            instance=HomePage(
                title="Kuulluksi",
                slug="kuulluksi",
                intro=HOME_INTRO,
                body=_stream(HOME_BODY),
                locale=Locale.get_default(),
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site is None:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True, site_name="Kuulluksi"
            )
        else:
            site.root_page = home
            site.site_name = "Kuulluksi"
            site.save()
        if old_root is not None and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" page
    return home


PUBLICATIONS_SLUG = "eraati-julkaisut"
PUBLICATIONS_URL_SECONDS = 3600


def ensure_publications_section() -> InfoPage:
    """The section where social-work staff publish eRaati results reports and council memos."""
    return _child(
        ensure_home_page(),
        InfoPage,
        slug=PUBLICATIONS_SLUG,
        title="eRaati: tulokset ja muistiot",
        intro="Kuukausikyselyjen tulosraportit ja asiakasraatien muistiot.",
    )


def publications_page() -> InfoPage | None:
    """The publications section in the reader's language tree (its translation or alias), if any."""
    page = InfoPage.objects.live().public().filter(slug=PUBLICATIONS_SLUG, depth=3).first()
    return page.localized if page else None


def publications_url(request) -> str:
    """The address of ``publications_page`` for ``request``, or "" if there is none.

    The home page links to it for every reader, so it is kept under ``pages_version`` (bumped by every
    publish, move and view restriction) instead of costing three queries a visit.
    """
    key = f"cms:publications-url:{pages_version(request)}:{request.get_host()}:{get_language()}"
    url = cache.get(key)
    if url is None:
        page = publications_page()
        url = page.get_url(request) if page else ""
        cache.set(key, url, PUBLICATIONS_URL_SECONDS)
    return url


def grant_page_permissions(home: HomePage, publications: InfoPage) -> None:
    """Page permissions live on the page tree and are inherited downwards, so each role gets them where
    its pages are: coordinators may write anywhere (publishing goes through a workflow: Wagtail's default
    approval for info pages, the K-talk approval under the K-talk index), social-work staff write and
    publish only in the eRaati publications section."""
    grants = [
        (roles.COORDINATOR, home, ("add_page", "change_page")),
        (roles.SOCIAL_WORK_STAFF, publications, ("add_page", "change_page", "publish_page")),
    ]
    for role, page, codenames in grants:
        group = Group.objects.get(name=role)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )


def grant_collection_permissions() -> None:
    """Wagtail asks for image and document permissions per collection, not on the group: each role gets
    the ones it holds (``accounts.roles``) on the root collection, so they cover every collection."""
    # The root collection comes from Wagtail's data migration; a flushed test database lacks it.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for group in Group.objects.filter(name__in=roles.STAFF_ROLES):
        for permission in group.permissions.filter(
            content_type__app_label__in=("wagtailimages", "wagtaildocs")
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _child(parent, model, *, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    return parent.add_child(instance=model(slug=slug, **fields))


def setup_site() -> HomePage:
    home = ensure_home_page()
    privacy = _child(
        home,
        InfoPage,
        slug="tietosuoja",
        title="Tietosuojaseloste",
        intro="Mitä tietoja käsittelemme ja miksi.",
        body=_stream(PRIVACY_BODY),
    )
    accessibility = _child(
        home,
        InfoPage,
        slug=ACCESSIBILITY_SLUG,
        title="Saavutettavuusseloste",
        intro="Miten saavutettava Kuulluksi on ja miten annat palautetta.",
        body=_stream(statement_blocks()),
    )
    feedback = _child(
        accessibility,
        FeedbackFormPage,
        slug="palaute",
        title="Palaute",
        intro="<p>Kerro, mikä ei toiminut tai mitä toivot. Voit jättää vastausosoitteen, jos haluat vastauksen.</p>",
        thank_you_text="<p>Kiitos palautteesta!</p>",
    )
    if not feedback.form_fields.exists():
        FeedbackFormField.objects.create(
            page=feedback, sort_order=0, label="Palaute", field_type="multiline", required=True
        )
        FeedbackFormField.objects.create(
            page=feedback,
            sort_order=1,
            label="Sähköposti vastausta varten (ei pakollinen)",
            field_type="email",
            required=False,
        )
    links = SiteLinks.for_site(Site.objects.get(is_default_site=True))
    links.privacy_page = links.privacy_page or privacy
    links.accessibility_page = links.accessibility_page or accessibility
    links.feedback_page = links.feedback_page or feedback
    links.save()
    grant_page_permissions(home, ensure_publications_section())
    grant_collection_permissions()
    ensure_locales()
    synchronise_page_trees()
    for language, (title, intro, body) in HOME_TRANSLATIONS.items():
        publish_translation(home, language, title=title, intro=intro, body=_stream(body))
    for language, (title, intro, body) in PRIVACY_TRANSLATIONS.items():
        publish_translation(privacy, language, title=title, intro=intro, body=_stream(body))
    for language, (title, intro) in PUBLICATIONS_TRANSLATIONS.items():
        publish_translation(ensure_publications_section(), language, title=title, intro=intro)
    return home


def publish_accessibility_statement() -> InfoPage | None:
    """Rewrite the statement page from ``accessibility.LATEST_AUDIT`` and publish it (after an audit);
    None when the site has no statement page."""
    home = ensure_home_page()
    page = InfoPage.objects.child_of(home).filter(slug=ACCESSIBILITY_SLUG).first()
    if page is None:
        return None
    page.body = _stream(statement_blocks())
    page.save_revision().publish()
    return page
