"""The site's django-allauth adapter."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins count per account, not per typed identifier.

        django-allauth keys the limit by what was typed, so five wrong passwords as the pseudonym left
        five more as the e-mail address (and more again in other letter cases). An identifier that
        names an account counts as that account; one that names none counts as itself, so the reply
        tells nothing of which accounts exist.
        """
        login = (credentials.get("email") or credentials.get("username") or "").strip()
        user = _account_for(login)
        site = get_current_site(request)
        return f"{site.domain}:account:{user.pk}" if user else f"{site.domain}:{login.lower()}"


def _account_for(login: str):
    if not login:
        return None
    if "@" in login:
        users = filter_users_by_email(login, prefer_verified=True)
        return users[0] if users else None
    return get_user_model().objects.filter(username__iexact=login).first()
