import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kuulluksi import languages

from . import notifications, services
from .forms import DeleteAccountForm, ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Your settings were saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "unread_count": notifications.unread_count(request.user)},
    )


@login_required
def notification_list(request):
    """The person's notifications; those shown are read from now on (this once still marked new)."""
    page = Paginator(request.user.notifications.all(), 25).get_page(request.GET.get("page"))
    response = render(request, "accounts/notifications.html", {"page_obj": page})
    notifications.mark_read(request.user, [notification.pk for notification in page])
    return response


@login_required
def notification_open(request, pk):
    """Open a notification: marked read, then on to what it is about, in the reader's language now."""
    try:
        notification = notifications.open_notification(request.user, pk)
    except notifications.Notification.DoesNotExist:
        raise Http404 from None
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(languages.url_in_language(url, get_language()))
    return redirect("accounts:notifications")


@login_required
@require_POST
def notifications_mark_read(request):
    notifications.mark_all_read(request.user)
    return redirect("accounts:notifications")


@login_required
def export_data(request):
    """The person's own data as a JSON download."""
    data = services.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kuulluksi-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(
            request, _("Your account was deleted. What you wrote stays, shown as “deleted user”.")
        )
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})


def admin_login(request):
    """The Wagtail admin's login address leads to the site's login, where every limit and the e-mail
    verification rule apply; ``next`` is kept (allauth checks that it stays on this site)."""
    target = request.GET.get("next") or reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target}, safe='/')}")


def admin_password_reset(request, rest=""):
    """Password reset is allauth's (limited per address and per IP); the admin's own sends nothing."""
    return redirect("account_reset_password")
