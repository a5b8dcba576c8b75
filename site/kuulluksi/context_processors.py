from functools import partial

from django.conf import settings
from django.urls import translate_url

from accounts import notifications
from cms.footer import footer_links


def site_shell(request):
    """Values every page of the site shell needs: the quick-exit target, the footer links, the number of
    unread notifications and where the language switcher returns to.

    The switcher returns to this page in the default language (no prefix): Django's ``set_language``
    runs at the unprefixed /i18n/setlang/, so only an unprefixed address can be translated there;
    given /en/forum/ it would send a reader who chose Suomi straight back to the English page.
    """
    user = getattr(request, "user", None)
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        # A callable: the count is asked for only by the header of a signed-in person (one query).
        "unread_notifications": partial(notifications.unread_count, user)
        if user and user.is_authenticated
        else 0,
        "footer_links": footer_links(request),
        "language_switch_next": translate_url(request.get_full_path(), settings.LANGUAGE_CODE),
    }
