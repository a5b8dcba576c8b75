from django.conf import settings

from cms.footer import footer_links


def site_shell(request):
    """Values every page of the site shell needs: the quick-exit target and the footer links."""
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL, "footer_links": footer_links(request)}
