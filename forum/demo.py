"""Demo forum: the six discussion areas and a few conversations, written through the services."""

from django.contrib.auth import get_user_model

from moderation import services as moderation
from moderation.models import DecisionAction, ModerationState

from . import services
from .models import Category, Post, Topic

CATEGORIES = [
    (
        "toimeentulo-ja-etuudet",
        "Toimeentulo ja etuudet",
        "Toimeentulotuki, Kelan etuudet, hakemukset ja niiden käsittely.",
    ),
    ("asuminen", "Asuminen", "Vuokra-asunnot, asumistuki, asunnottomuus ja naapurusto."),
    (
        "terveys-ja-hyvinvointi",
        "Terveys ja hyvinvointi",
        "Jaksaminen, mielenterveys, päihteet ja terveyspalvelut.",
    ),
    ("tyo-ja-opiskelu", "Työ ja opiskelu", "Työnhaku, TE-palvelut, kuntouttava työtoiminta ja opiskelu."),
    ("palaute-palveluista", "Palaute palveluista", "Mikä toimii ja mikä ei? Kritiikki on tervetullutta."),
    ("vapaa-keskustelu", "Vapaa keskustelu", "Kaikki muu, mistä haluat jutella."),
]

# slug -> {language: (name, description)}
CATEGORY_TRANSLATIONS = {
    "toimeentulo-ja-etuudet": {
        "sv": ("Utkomst och förmåner", "Utkomststöd, FPA:s förmåner, ansökningar och hur de behandlas."),
        "en": ("Income and benefits", "Social assistance, Kela's benefits, applications and how they are handled."),
    },
    "asuminen": {
        "sv": ("Boende", "Hyresbostäder, bostadsbidrag, bostadslöshet och grannskapet."),
        "en": ("Housing", "Rented homes, housing allowance, homelessness and the neighbourhood."),
    },
    "terveys-ja-hyvinvointi": {
        "sv": ("Hälsa och välbefinnande", "Att orka, psykisk hälsa, rusmedel och hälsotjänster."),
        "en": ("Health and wellbeing", "Coping, mental health, substances and health services."),
    },
    "tyo-ja-opiskelu": {
        "sv": ("Arbete och studier", "Jobbsökning, arbets- och näringstjänster, arbetsverksamhet i rehabiliteringssyfte och studier."),
        "en": ("Work and studies", "Job seeking, employment services, rehabilitative work and studying."),
    },
    "palaute-palveluista": {
        "sv": ("Respons på tjänsterna", "Vad fungerar och vad inte? Kritik är välkommen."),
        "en": ("Feedback on services", "What works and what does not? Criticism is welcome."),
    },
    "vapaa-keskustelu": {
        "sv": ("Fri diskussion", "Allt annat du vill prata om."),
        "en": ("Open discussion", "Anything else you would like to talk about."),
    },
}  # fmt: skip

DEMO_MODERATOR = "vapaaehtoinen"

# (category slug, author, title, opening post, [(author, reply), ...])
TOPICS = [
    (
        "toimeentulo-ja-etuudet",
        "kansalainen",
        "Kauanko toimeentulotukihakemuksen käsittely teillä kestää?",
        "Jätin hakemuksen Kelaan kaksi viikkoa sitten, eikä vieläkään ole päätöstä.\n\n"
        "Onko muilla samanlaisia kokemuksia? Kannattaako soittaa vai odottaa?",
        [
            (
                "vapaaehtoinen",
                "Laki sanoo, että kiireellisissä tilanteissa päätös tehdään **viimeistään seuraavana "
                "arkipäivänä** ja muuten seitsemän arkipäivän kuluessa. Kannattaa soittaa ja kysyä, puuttuuko "
                "hakemuksesta jokin liite.",
            ),
            ("kansalainen", "Kiitos! Soitin, ja yksi tiliote puuttui. Nyt asia etenee."),
        ],
    ),
    (
        "asuminen",
        "kansalainen",
        "Vinkkejä vuokra-asunnon etsimiseen pienellä budjetilla",
        "Etsin yksiötä Kajaanista. Mistä kannattaa etsiä, ja kuka voi auttaa takuuvuokran kanssa?",
        [
            (
                "vapaaehtoinen",
                "Kysy sosiaalitoimesta **maksusitoumusta** vuokravakuuteen. Lisäksi:\n\n"
                "- kaupungin vuokrataloyhtiö\n- paikalliset asumisneuvojat\n- seurakunnan diakoniatyö",
            ),
        ],
    ),
    (
        "palaute-palveluista",
        "vapaaehtoinen",
        "Mikä sosiaalitoimistossa toimii, mikä ei?",
        "Kerätään tähän kokemuksia, hyviä ja huonoja. Asiallinen kritiikki viranomaisia ja päätöksiä "
        "kohtaan on täällä sallittua ja toivottua. Muista kuitenkin keskustelun säännöt.",
        [
            (
                "kansalainen",
                "Hyvää: sain ajan nopeasti ja työntekijä kuunteli. Huonoa: puhelinaika on vain tunnin "
                "päivässä, ja jonossa saa odottaa puoli tuntia.",
            ),
        ],
    ),
    (
        "vapaa-keskustelu",
        "koordinaattori",
        "Tervetuloa Kuulluksi-foorumille!",
        "Tämä on yhteisön oma keskustelupaikka. Voit kirjoittaa nimimerkillä. "
        "Lue yhteisön säännöt ennen kuin kirjoitat: kritiikille on tilaa, rasismille ei.",
        [],
    ),
]


def load(command):
    for position, (slug, name, description) in enumerate(CATEGORIES):
        translated = CATEGORY_TRANSLATIONS[slug]
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_fi": name,
                "description_fi": description,
                "position": position,
                **{f"name_{code}": texts[0] for code, texts in translated.items()},
                **{f"description_{code}": texts[1] for code, texts in translated.items()},
            },
        )
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=_demo_authors() | {DEMO_MODERATOR})
    }
    created = 0
    for slug, author, title, body, replies in TOPICS:
        category = Category.objects.get(slug=slug)
        if Topic.objects.filter(category=category, title=title).exists():
            continue
        topic = services.create_topic(
            author=users[author], category=category, title=title, body=body, apply_new_user_limits=False
        )
        _approve_if_held(topic.opening_post, users[DEMO_MODERATOR])
        topic.refresh_from_db()
        for reply_author, reply in replies:
            post = services.post_reply(
                author=users[reply_author], topic=topic, body=reply, apply_new_user_limits=False
            )
            _approve_if_held(post, users[DEMO_MODERATOR])
        created += 1
    command.stdout.write(f"Forum: {len(CATEGORIES)} categories, {created} new demo topics.")


def _approve_if_held(post: Post, moderator) -> None:
    """A demo member's first posts wait for a moderator, as anyone's do; the demo moderator lets them out."""
    if post.moderation_state != ModerationState.HELD:
        return
    moderation.decide_content(post, moderator=moderator, action=DecisionAction.APPROVE)
    services.refresh_counters(post.topic)  # at once: the demo writes the replies in the same transaction


def _demo_authors() -> set[str]:
    return {author for _slug, author, *_rest in TOPICS} | {
        reply_author for *_head, replies in TOPICS for reply_author, _text in replies
    }
