from django.conf import settings


def site_shell(request):
    """Values every page of the site shell needs (quick exit target, language list)."""
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}
