from django.conf import settings
from django.urls import translate_url

from cms.footer import footer_links


def site_shell(request):
    """Values every page of the site shell needs: the quick-exit target, the footer links and where the
    language switcher returns to.

    The switcher returns to this page in the default language (no prefix): Django's ``set_language``
    runs at the unprefixed /i18n/setlang/, so only an unprefixed address can be translated there;
    given /en/forum/ it would send a reader who chose Suomi straight back to the English page.
    """
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "footer_links": footer_links(request),
        "language_switch_next": translate_url(request.get_full_path(), settings.LANGUAGE_CODE),
    }
