"""Browser checks for the XSS corpus: a page is opened, what users wrote is hovered and focused, and
nothing may have run — no dialog and no ``window.__xss`` (every payload sets one or the other).

The checks do not rely on a Content-Security-Policy: they pass or fail the same with or without one.
"""

from tests.e2e.flows import logged_in_page

TRAP = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__dialogs.push(name); };
}
"""

# Fired at every element of the user-written part of a page: inline handlers run on synthetic events
# too, so a handler that survived escaping would show itself.
_POKE = """
(selector) => {
  const events = ["mouseover", "mouseenter", "pointerover", "pointerenter", "focusin", "animationstart",
                  "toggle", "load", "error"];
  const focusable = "a, button, input, select, textarea, details, [tabindex], [contenteditable]";
  let count = 0;
  for (const element of document.querySelectorAll(selector)) {
    for (const name of events) element.dispatchEvent(new Event(name));
    if (element.matches(focusable)) {
      element.focus();
      element.dispatchEvent(new Event("focus"));
      element.blur();
    }
    count += 1;
  }
  return count;
}
"""

# Attributes that would run or load script if user text could set them.
_ACTIVE_ATTRIBUTES = """
(selector) => {
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]+/g, "").toLowerCase();
      if (name.startsWith("on") || name === "srcdoc" ||
          (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name) &&
           /^(javascript|vbscript|data):/.test(value))) {
        found.push(element.tagName + " " + name + "=" + attribute.value);
      }
    }
  }
  return found;
}
"""


def trap(page) -> list[str]:
    """Catch dialogs on ``page`` (before any of its scripts run); returns the list they land in."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    return dialogs


def assert_nothing_ran(page, dialogs) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined", page.url
    assert page.evaluate("window.__dialogs") == [], page.url
    assert dialogs == [], page.url


def poke(page, selector: str) -> int:
    """Hover, focus and fire handler events at every element under ``selector``; returns how many."""
    page.wait_for_load_state("load")
    count = page.evaluate(_POKE, selector + ", " + selector + " *")
    first = page.locator(selector).first
    if first.count():
        first.hover(force=True)
    return count


def check_page(page, dialogs, url: str, selector: str, *, expect_text: str | None = None) -> None:
    """Open ``url``, poke what users wrote under ``selector`` and assert that nothing ran."""
    page.goto(url)
    check_open_page(page, dialogs, selector, expect_text=expect_text)


def check_open_page(page, dialogs, selector: str, *, expect_text: str | None = None) -> None:
    """Poke what users wrote under ``selector`` on the page as it is now and assert that nothing ran.

    ``expect_text`` (a fragment of a payload) proves that the payload really is on the page, as text.
    No element under ``selector`` may carry an event handler or a script address.
    """
    assert poke(page, selector) > 0, f"nothing matched {selector} on {page.url}"
    if expect_text is not None:
        assert expect_text in page.inner_text("body"), page.url
    assert page.evaluate(_ACTIVE_ATTRIBUTES, selector + ", " + selector + " *") == [], page.url
    assert_nothing_ran(page, dialogs)


def trapped_page(new_page, base_url: str, user=None):
    """A fresh page with the trap installed, signed in as ``user`` (through a session cookie) if given.

    Returns ``(page, dialogs)``.
    """
    page = new_page() if user is None else logged_in_page(new_page, base_url, user)
    return page, trap(page)
