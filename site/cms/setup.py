"""The pages every Kuulluksi site starts with: the home page at the site root and the footer pages
(privacy notice, accessibility statement, feedback form). Idempotent; coordinators edit them afterwards."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from accounts import roles

from .accessibility import statement_blocks
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


def ensure_publications_section() -> InfoPage:
    """The section where social-work staff publish eRaati results reports and council memos."""
    return _child(
        ensure_home_page(),
        InfoPage,
        slug=PUBLICATIONS_SLUG,
        title="eRaati: tulokset ja muistiot",
        intro="Kuukausikyselyjen tulosraportit ja asiakasraatien muistiot.",
    )


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
            label="Sähköposti vastausta varten (vapaaehtoinen)",
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
