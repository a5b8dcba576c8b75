"""One representative URL of every public page type, from the demo content (``manage.py load_demo``).

Shared by the header tests and the real-browser Content-Security-Policy test.
"""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse


def load_demo() -> None:
    call_command("load_demo", stdout=StringIO())


def representative_urls() -> dict[str, str]:
    """{page type: path} for an anonymous visitor; "own data" needs a signed-in user."""
    from chat.models import ChatSession, Room
    from cms.models import InfoPage
    from eraati.selectors import open_surveys
    from forum.models import Category, Topic
    from ktalks.models import KTalkIndexPage, KTalkPage

    category = Category.objects.first()
    ktalk_index = KTalkIndexPage.objects.live().first()
    return {
        "home": "/",
        "info page": InfoPage.objects.live().first().url,
        "forum index": reverse("forum:index"),
        "forum category": reverse("forum:category", kwargs={"slug": category.slug}),
        "forum topic": reverse("forum:topic", kwargs={"pk": Topic.objects.filter(is_public=True).first().pk}),
        "forum new topic": reverse("forum:new_topic", kwargs={"slug": category.slug}),
        "search": reverse("cms:search") + "?q=toimeentulotuki",
        "K-talk index": ktalk_index.url,
        "K-talk page": KTalkPage.objects.live().first().url,
        "K-talk commitments": ktalk_index.url + ktalk_index.reverse_subpage("commitments"),
        "eRaati list": reverse("eraati:index"),
        "eRaati survey": reverse("eraati:answer", kwargs={"slug": open_surveys().first().slug}),
        "chat list": reverse("chat:index"),
        "chat session": reverse(
            "chat:session", kwargs={"pk": ChatSession.objects.filter(room__kind=Room.OPEN).first().pk}
        ),
        "login": reverse("account_login"),
        "sign-up": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
        "own data": reverse("accounts:profile"),
        "not found": "/ei-tallaista-sivua/",
    }
