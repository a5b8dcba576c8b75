"""Crawl the Wagtail admin as the demo superuser in headless Chromium and print every Content-Security-Policy
violation (enforced or report-only) with the page it happened on. docs/hardening.md explains its use.

Usage: .venv/bin/python scripts/csp_crawl.py http://127.0.0.1:8110 [max views]
(the site running with the demo data: `manage.py load_demo`).
"""

import re
import sys
from collections import Counter, deque

from playwright.sync_api import sync_playwright

LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  [e.effectiveDirective, e.blockedURI, e.sourceFile, e.disposition]));
"""
# GET views that change nothing but are not worth visiting (file downloads, the logout form).
SKIPPED = ("logout", "/delete/", "unpublish", "/export", ".csv", ".xlsx", "/download")


def crawl(base: str, limit: int) -> Counter:
    violations = Counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context()
        context.add_init_script(LISTENER)
        page = context.new_page()
        page.goto(base + "/admin/login/")
        page.fill("input[name=username]", "yllapitaja")
        page.fill("input[name=password]", "kuulluksi-demo")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        queue, views = deque(["/admin/"]), set()
        while queue and len(views) < limit:
            path = queue.popleft()
            view = re.sub(r"\d+", "N", path.split("?")[0])  # one page editor, not every page's
            if view in views or any(part in path for part in SKIPPED):
                continue
            views.add(view)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            for directive, blocked, source, disposition in page.evaluate("window.__csp"):
                violations[(view, directive, blocked, source.replace(base, ""), disposition)] += 1
            links = page.eval_on_selector_all(
                "a[href^='/admin/']", "els => els.map(e => e.getAttribute('href'))"
            )
            queue.extend(links)
        browser.close()
    print(f"{len(views)} admin views visited")
    return violations


if __name__ == "__main__":
    found = crawl(sys.argv[1].rstrip("/"), int(sys.argv[2]) if len(sys.argv) > 2 else 120)
    for (view, directive, blocked, source, disposition), count in sorted(found.items()):
        print(f"{count:4} {disposition:8} {directive:18} {blocked or '-':40} {view} {source}")
    print(f"{sum(found.values())} violations")
