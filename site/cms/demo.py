"""Demo pages: the home page at the site root."""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_INTRO = (
    "<p>Kuulluksi on paikka, jossa sosiaalipalvelujen asiakkaat tulevat kuulluiksi: kerro kokemuksesi, "
    "keskustele, vastaa kuukauden kyselyyn ja tapaa vertaisia.</p>"
)


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


def load(command):
    ensure_home_page()
    command.stdout.write(_("Home page ready."))
