"""Steps that several browser tests take through the real pages."""

import re

from django.core import mail
from django.test import Client


def sign_up(page, base_url, *, pseudonym, email, password="pitkä-salasana-42"):
    """Sign up through the real pages (Finnish UI, captcha in test mode) and confirm the e-mail address."""
    page.goto(base_url + "/accounts/signup/")
    page.get_by_label("Nimimerkki").fill(pseudonym)
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana", exact=True).fill(password)
    page.get_by_label("Salasana (uudestaan)").fill(password)
    page.get_by_label("Kirjoita kuvan merkit").fill("PASSED")
    page.get_by_label("Olen lukenut ja hyväksyn").check()
    page.get_by_role("button", name="Rekisteröidy").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(base_url + link)
    page.get_by_role("button", name="Vahvista").click()
    page.wait_for_load_state()


def signed_in_page(new_page, base_url, user):
    """A new page signed in as ``user`` through a session cookie (no login form on the way)."""
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return page
