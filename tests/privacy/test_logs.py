"""What the production setup's logs keep of eRaati requests: nothing that tells who, when or what.

daphne is started with the exact arguments of the systemd unit in ``deploy/``; what it writes to its
output is what journald would keep."""

import logging
import re
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from testing.processes import free_port, project_env, stop, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "kuulluksi-daphne@.service"
NGINX = ROOT / "deploy" / "nginx" / "kuulluksi.conf"
SECRET = "SALAISUUS0123456789"
CLIENT = "203.0.113.9"


def unit_daphne_arguments(port: int) -> list[str]:
    """The unit's ExecStart after the daphne executable, with the instance name (``%i``) as the port."""
    exec_start = next(
        line.split("=", 1)[1] for line in UNIT.read_text().splitlines() if line.startswith("ExecStart=")
    )
    command = shlex.split(exec_start)
    assert command[0].endswith("/daphne"), command
    return [argument.replace("%i", str(port)) for argument in command[1:]]


def _get(url: str, data: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers={"X-Forwarded-For": CLIENT})  # noqa: S310 (http only)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_daphne_with_the_unit_arguments_logs_nothing_identifying(tmp_path, report_channel):
    env = {
        **project_env({"PATH": "/usr/bin:/bin"}),
        "DJANGO_SETTINGS_MODULE": "kuulluksi.settings",
        "KUULLUKSI_PROFILE": "embedded",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_IN_DATABASE": "false",
    }
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = free_port()
    with open(tmp_path / "journal.log", "w+b") as journal:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", *unit_daphne_arguments(port)],
            env=env,
            cwd=ROOT,
            stdout=journal,
            stderr=journal,
        )
        try:
            wait_until_serving(port, process=process, log=journal)
            base = f"http://127.0.0.1:{port}"
            statuses = [
                _get(f"{base}/eraati/?kutsu={SECRET}"),
                _get(f"{base}/eraati/kysely/ei-ole/?kutsu={SECRET}"),  # 404: Django logs a warning
                _get(f"{base}/sv/eraati/peru/{SECRET}/"),  # 404 page with the token in the path
                _get(f"{base}/eraati/kokous/{SECRET}/"),
                _get(f"{base}/eraati/yhteystiedot/", data=b"email=a%40example.org"),  # 403: no CSRF token
                _get(f"{base}/favicon.ico"),
            ]
        finally:
            stop(process)
        journal.seek(0)
        log = journal.read().decode(errors="replace")
    assert statuses == [200, 404, 404, 404, 403, 200]  # the icon is served, and its request not logged
    markers = (SECRET, "kutsu", CLIENT, "127.0.0.1:", "/eraati/", "favicon", "GET ", "POST ")
    found = [leak for leak in markers if leak in log]
    report_channel(
        "daphne with the unit's arguments (journald): token, address or request line in the log",
        linked=len(found),
        out_of=len(markers),
        chance=0.0,
    )
    assert found == [], log[-2000:]


def test_django_request_log_drops_eraati_requests(rf, caplog):
    """Django's request warnings name the path (journald adds the time): none for eRaati, others kept."""
    from django.utils.log import log_response

    from kuulluksi.logfilters import NoEraatiRequests

    handler_filter = NoEraatiRequests()
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    keep = Keep()
    keep.addFilter(handler_filter)
    logger = logging.getLogger("django.request")
    logger.addHandler(keep)
    try:
        from django.http import HttpResponse

        for path in (
            f"/eraati/peru/{SECRET}/",
            f"/sv/eraati/kysely/x/?kutsu={SECRET}",
            "/en/eraati/",
            "/favicon.ico",
            "/foorumi/x/",
        ):
            request = rf.get(path)
            log_response("Not Found: %s", request.path, response=HttpResponse(status=404), request=request)
    finally:
        logger.removeHandler(keep)
    assert [record.getMessage() for record in records] == ["Not Found: /foorumi/x/"]


def test_production_logging_filters_the_console_handler():
    from django.conf import settings

    handler = settings.LOGGING["handlers"]["console"]
    assert "no_eraati_requests" in handler["filters"]
    assert settings.LOGGING["filters"]["no_eraati_requests"]["()"] == "kuulluksi.logfilters.NoEraatiRequests"


def _location_blocks(config: str) -> dict[str, str]:
    return {
        match.group(1).strip(): match.group(2)
        for match in re.finditer(r"location ([^{]+)\{([^}]*)\}", config)
    }


def test_nginx_config_keeps_eraati_out_of_every_log(report_channel):
    config = NGINX.read_text()
    blocks = _location_blocks(config)
    eraati = next(body for name, body in blocks.items() if "eraati" in name)
    favicon = next((body for name, body in blocks.items() if "favicon" in name), "")
    # nginx's error log lines name the client address and the request line with its query string;
    # favicon.ico's line has the full time, and proxied to daphne its 404 would be logged there.
    checks = {
        "eraati requests in the access log": not re.search(r"^\s*access_log off;", eraati, re.M),
        "eraati requests in the error log": not re.search(r"^\s*error_log /dev/null", eraati, re.M),
        "favicon.ico in the access log": not re.search(r"^\s*access_log off;", favicon, re.M),
        "favicon.ico proxied to daphne": "proxy_pass" in favicon,
    }
    # No line format keeps sizes or client-side details.
    for line in re.findall(r"log_format[^;]+;", config, re.S):
        for variable in (
            "$body_bytes_sent",
            "$bytes_sent",
            "$remote_addr",
            "$args",
            "$request_uri",
            "$request ",
        ):
            name = f"{variable} in a log format"
            checks[name] = checks.get(name, False) or variable in line
    leaks = [name for name, leaks in checks.items() if leaks]
    report_channel(
        "nginx configuration: eRaati line, favicon line, address, query or size in a log",
        linked=len(leaks),
        out_of=len(checks),
        chance=0.0,
    )
    assert leaks == []
