"""Tools for the submission benchmark and the database-restart test: daphne on the loopback, a browser-like
answering client, and a TCP proxy in front of PostgreSQL that can be cut and restored like a restart.

Used by ``bench/eraati_submit.py`` and ``eraati/tests/test_database_restart.py``; nothing here runs in the site.
"""

import contextlib
import http.cookiejar
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from testing import processes
from testing.processes import free_port

ROOT = Path(__file__).resolve().parent.parent

STORED, NOT_SAVED, UNAVAILABLE = "stored", "not saved", "unavailable"
# The Finnish texts of the two outage pages (the survey's own and the site-wide one).
NOT_SAVED_TEXT = "Vastauksiasi ei tallennettu"
UNAVAILABLE_TEXT = "Palvelussa on tilapäinen tekninen vika."


class UnexpectedReply(Exception):
    """Neither the thank-you page nor one of the outage pages: what a client must never see."""


@contextlib.contextmanager
def running_daphne(env: dict, *, settings_path: str = ""):
    """daphne with ``env`` (and ``settings_path`` first on the import path); yields its base URL."""
    with processes.running_daphne(processes.project_env(env, *filter(None, [settings_path]))) as server:
        yield server.url


@dataclass
class AnswerForm:
    """One person's filled-in form: the page's CSRF token and form key, and their answers."""

    url: str
    data: dict
    opener: urllib.request.OpenerDirector

    def send(self, timeout: float = 120) -> str:
        """Post the answers once; STORED, NOT_SAVED or UNAVAILABLE, anything else raises UnexpectedReply."""
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1)
            self.url, data=urllib.parse.urlencode(self.data).encode(), headers={"Referer": self.url}
        )
        return _outcome(self.opener, request, timeout)


def load_form(
    base: str, slug: str, answers: dict, *, timeout: float = 120, retry_for: float = 0
) -> AnswerForm:
    """GET the form (CSRF cookie, form key) like a browser and fill in ``answers`` (field name -> value).

    While the site answers with an outage page, try again for up to ``retry_for`` seconds."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/eraati/kysely/{slug}/"
    deadline = time.monotonic() + retry_for
    while True:
        try:
            with opener.open(url, timeout=timeout) as response:
                page = response.read().decode()
            break
        except urllib.error.HTTPError as error:
            if error.code != 503 or time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    data = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
        "lomake": re.search(r'name="lomake" value="([^"]+)"', page).group(1),
        "step": "1",
        "action": "submit",
        **answers,
    }
    return AnswerForm(url=url, data=data, opener=opener)


def get(base: str, path: str, timeout: float = 120) -> str:
    """A plain GET, classified like an answer: STORED (any 200), UNAVAILABLE, or UnexpectedReply."""
    return _outcome(urllib.request.build_opener(), urllib.request.Request(base + path), timeout)  # noqa: S310


def _outcome(opener, request, timeout: float) -> str:
    try:
        with opener.open(request, timeout=timeout) as response:
            if request.data is not None and "/kiitos/" not in response.url:
                raise UnexpectedReply(f"{response.status} {response.url}")
            response.read()
            return STORED
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace")
        if error.code == 503 and error.headers.get("Retry-After") and NOT_SAVED_TEXT in body:
            return NOT_SAVED
        if error.code == 503 and error.headers.get("Retry-After") and UNAVAILABLE_TEXT in body:
            return UNAVAILABLE
        raise UnexpectedReply(f"{error.code}: {body[:300]}") from None


class TcpProxy:
    """Forwards 127.0.0.1:<port> to ``upstream``. ``cut()`` drops every connection and refuses new ones,
    as a restarting PostgreSQL does; ``restore()`` accepts connections again on the same port."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port), backlog=1024)
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            doomed = [self._listener, *self._sockets] if self._listener else list(self._sockets)
            self._listener = None
            self._sockets.clear()
        for sock in doomed:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    close = cut

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    client.close()
                    server.close()
                    return
                self._sockets.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(target)
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
