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


def logged_in_page(new_page, base_url, user, **page_options):
    """A new page already signed in as ``user`` (a session made by the test client, not the login form)."""
    client = Client()
    client.force_login(user)
    page = new_page(**page_options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return page


# Whether the page itself scrolls sideways, and for its first list table (``box`` is absent without one)
# the closest ancestor that scrolls sideways: where it ends on the screen, whether the whole table fits in
# what it scrolls through, and how the keyboard and a screen reader reach it (null: the table is cut off).
TABLE_REFLOW = """() => {
  const page = {pageScrollWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth};
  const table = document.querySelector('table.listing');
  if (!table) return page;
  let box = table.parentElement;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  return {
    ...page,
    box: box && {
      right: box.getBoundingClientRect().right,
      scrollWidth: box.scrollWidth,
      tableWidth: table.getBoundingClientRect().width,
      role: box.getAttribute('role'),
      tabindex: box.getAttribute('tabindex'),
      label: box.getAttribute('aria-label'),
    },
  };
}"""
