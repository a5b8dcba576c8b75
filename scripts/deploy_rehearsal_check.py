"""Checks a running deployment made by scripts/deploy-rehearsal, through nginx, as a client would.

Each check prints PASS or FAIL with what it saw; the exit status is 1 if any failed.
"""

import argparse
import asyncio
import http.cookiejar
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

APP = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(APP / "site"), str(APP)]

from chat.tests.servers import setup_script  # noqa: E402
from testing.wsclient import ChatClient, HandshakeRefused  # noqa: E402

SECRET = "SALAISUUS0123456789"


class Checks:
    def __init__(self):
        self.failed = 0

    def __call__(self, name: str, passed: bool, seen: object = "") -> None:
        print(f"{'PASS' if passed else 'FAIL'}: {name}" + (f" — {seen}" if seen else ""))
        self.failed += not passed


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--http", required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--worker-ports", nargs="+", type=int, required=True)
    args = parser.parse_args()
    check = Checks()
    tls = ssl.create_default_context(cafile=str(args.work / "tls" / "fullchain.pem"))
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=tls), urllib.request.HTTPCookieProcessor(jar), NoRedirect
    )

    def get(url, **headers):
        request = urllib.request.Request(url, headers=headers)
        try:
            with browser.open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    wait_until_up(get, args.base)

    # TLS, redirect and security headers.
    status, headers, _ = get(args.http + "/foorumi/?q=1")
    check(
        "plain HTTP is redirected to HTTPS",
        status == 301 and headers["Location"].startswith(args.base),
        status,
    )
    status, headers, body = get(args.base + "/")
    check("home page through nginx", status == 200, status)
    check(
        "HSTS",
        "max-age=31536000" in (headers["Strict-Transport-Security"] or ""),
        headers["Strict-Transport-Security"],
    )
    check("nosniff", headers["X-Content-Type-Options"] == "nosniff")
    check("Referrer-Policy", bool(headers["Referrer-Policy"]), headers["Referrer-Policy"])
    check("X-Frame-Options", headers["X-Frame-Options"] == "DENY", headers["X-Frame-Options"])
    csp = headers["Content-Security-Policy"] or ""
    check(
        "Content-Security-Policy without unsafe-inline",
        "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp,
        csp,
    )
    check("each security header sent once", len(headers.get_all("Strict-Transport-Security") or []) == 1)
    check("no server version", "nginx/" not in (headers["Server"] or ""), headers["Server"])

    # Static files come from nginx, not from the workers.
    status, headers, _ = get(args.base + "/static/css/site.css")
    cache = ", ".join(headers.get_all("Cache-Control") or [])
    check("static file served with a cache lifetime", status == 200 and "max-age" in cache, (status, cache))

    # An uploaded file is never run as a page: nginx sends it sandboxed and unsniffed.
    (args.work / "media" / "upload.html").write_text("<script>alert(1)</script>")
    status, headers, _ = get(args.base + "/media/upload.html")
    check(
        "uploaded media sandboxed",
        status == 200
        and headers["X-Content-Type-Options"] == "nosniff"
        and "sandbox" in (headers["Content-Security-Policy"] or ""),
        headers["Content-Security-Policy"],
    )

    # The chat's volunteer signs in: the cookies are Secure and the session cookie HttpOnly.
    data = json.loads(run_manage(["shell", "-c", setup_script(guests=1)]).splitlines()[-1])
    status, _, body = get(args.base + "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": "ohjaaja", "password": "x-long-password"}
    )
    request = urllib.request.Request(
        args.base + "/accounts/login/",
        data=form.encode(),
        headers={"Referer": args.base + "/accounts/login/"},
    )
    try:
        status, location = browser.open(request, timeout=30).status, ""
    except urllib.error.HTTPError as error:
        status, location = error.code, error.headers["Location"]
    cookies = {cookie.name: cookie for cookie in jar}
    check("sign-in through nginx", status == 302 and location == "/" and "sessionid" in cookies, location)
    check(
        "session and CSRF cookies are Secure",
        all(cookies[name].secure for name in ("sessionid", "csrftoken") if name in cookies),
    )
    check(
        "session cookie is HttpOnly",
        "sessionid" in cookies and cookies["sessionid"].has_nonstandard_attr("HttpOnly"),
    )

    # Load spread over both workers, and a worker going away costs no request.
    for _ in range(20):
        get(args.base + "/healthz")
    counts = {port: log_lines(args.work, port, "/healthz") for port in args.worker_ports}
    check("requests reach both workers", all(counts.values()), counts)

    # The chat over wss:// through nginx, across the two workers and their Redis channel layer.
    ws_url = args.base.replace("https://", "wss://") + f"/ws/chat/{data['session']}/"
    asyncio.run(chat_checks(check, ws_url, tls, cookies["sessionid"].value, data, args))

    # A worker stops: nginx sends the requests to the other one.
    first = args.worker_ports[0]
    pid = int(
        subprocess.run(
            ["pgrep", "-f", f"daphne.* -p {first} "], capture_output=True, text=True
        ).stdout.split()[0]
    )
    os.kill(pid, signal.SIGTERM)
    statuses = [get(args.base + "/healthz")[0] for _ in range(20)]
    check("one worker down: every request still answered", statuses == [200] * 20, statuses)

    # The access log keeps no client address, no query string and no secret from a path, and nothing
    # at all about eRaati requests or the icon browsers fetch with them (docs/privacy.md).
    for path in (
        f"/eraati/peru/{SECRET}/",
        f"/sv/eraati/kokous/{SECRET}/",
        f"/eraati/?kutsu={SECRET}",
        "/favicon.ico",
        f"/accounts/password/reset/key/1-{SECRET}/",
        f"/accounts/confirm-email/{SECRET}/",
    ):
        get(args.base + path, **{"X-Forwarded-For": "203.0.113.9"})
    log = (args.work / "log" / "kuulluksi.log").read_text()
    check("access log has no secret or query string", SECRET not in log and "kutsu" not in log)
    check("access log has no client address", "127.0.0.1" not in log and "203.0.113.9" not in log)
    check("no eRaati request in the access log", "/eraati/" not in log, log.splitlines()[-3:])
    check("no favicon.ico line in the access log", "favicon" not in log)
    errors = (args.work / "log" / "kuulluksi-error.log").read_text()
    check("no eRaati request in the error log", "/eraati/" not in errors and SECRET not in errors)
    other = log.splitlines()
    check(
        "other requests logged with the time and no size",
        other
        and all(
            re.match(r'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\S* "[A-Z]+ \S+" \d{3} [\d.]+$', line) for line in other
        ),
        other[:1],
    )
    return 1 if check.failed else 0


async def chat_checks(check, ws_url, tls, volunteer_cookie, data, args) -> None:
    origin = args.base
    for bad_origin, name in (("https://evil.example", "another origin"), ("", "no Origin")):
        try:
            client = await ChatClient.connect(ws_url, cookie=data["guest"], origin=bad_origin, tls=tls)
            await client.close()
            check(f"WebSocket from {name} refused", False)
        except HandshakeRefused as refused:
            check(f"WebSocket from {name} refused", "403" in str(refused), refused)
    # nginx alternates the workers; connect until the two people are on different ones.
    spread = False
    for _ in range(4):
        before = {port: log_lines(args.work, port, '"WSCONNECT ') for port in args.worker_ports}
        guest = await ChatClient.connect(ws_url, cookie=data["guest"], origin=origin, tls=tls)
        volunteer = await ChatClient.connect(ws_url, cookie=volunteer_cookie, origin=origin, tls=tls)
        clients = [guest, volunteer]
        await asyncio.sleep(0.5)
        after = {port: log_lines(args.work, port, '"WSCONNECT ') for port in args.worker_ports}
        spread = all(after[port] - before[port] == 1 for port in args.worker_ports)
        if spread:
            break
        await asyncio.gather(*(client.close() for client in clients))
    check("the two chat clients are on different workers", spread, after)
    if not spread:
        return
    for client in clients:
        await client.receive("welcome")
        client.send({"type": "resume", "after": 0})
        await client.receive("history")
    volunteer.send({"type": "send", "text": "Tervetuloa!"})
    seen = await guest.receive("message")
    check(
        "a chat message crosses from one worker to the other over wss://",
        seen["text"] == "Tervetuloa!",
        seen.get("author"),
    )
    await asyncio.gather(*(client.close() for client in clients))


def log_lines(work: Path, port: int, needle: str) -> int:
    path = work / "log" / f"daphne-{port}.log"
    return path.read_text().count(needle) if path.exists() else 0


def run_manage(arguments: list[str]) -> str:
    result = subprocess.run(
        [str(APP / "deploy" / "manage.sh"), *arguments], capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return result.stdout


def wait_until_up(get, base: str) -> None:
    for _ in range(120):
        try:
            if get(base + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        asyncio.run(asyncio.sleep(0.5))
    raise SystemExit("the site did not come up through nginx")


if __name__ == "__main__":
    sys.exit(main())
