"""The two settings profiles, checked in fresh interpreters (settings are read once per process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOOD_SECRET = "k7#Qv9!mZ2@xL4$wP8^rT1&yN6*bH3(cJ5)dF0_gS2+eA9=uR4"

PRODUCTION_ENV = {
    "KUULLUKSI_PROFILE": "production",
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "kuulluksi.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/kuulluksi_unused",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


# The test run's own switches must not leak into the checked process.
TEST_ONLY_VARIABLES = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL")


def _run(args, extra_env, *, drop=()):
    env = {key: value for key, value in os.environ.items() if key not in drop + TEST_ONLY_VARIABLES}
    env.update(extra_env)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["PYTHONPATH"] = f"{ROOT / 'site'}{os.pathsep}{ROOT}"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _settings_value(name, extra_env, *, drop=()):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='kuulluksi.settings';"
        f"from django.conf import settings; print(repr(settings.{name}))"
    )
    return _run(["-c", code], extra_env, drop=drop)


@pytest.mark.parametrize(
    "secret",
    ["", "short", "django-insecure-" + "x" * 60, "a" * 64],
    ids=["missing", "short", "django-insecure", "one-character"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    env = dict(PRODUCTION_ENV, SECRET_KEY=secret)
    result = _settings_value("SECRET_KEY", env)
    assert result.returncode != 0
    assert "Production needs a real SECRET_KEY" in result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "EMAIL_URL"])
def test_production_requires_its_services(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = _settings_value("DATABASES", env, drop=(missing,))
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_check_deploy_has_no_warnings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_uses_postgres_redis_database_tasks_and_secure_cookies():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='kuulluksi.settings';"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'],"
        " s.CACHES['default']['BACKEND'], s.TASKS['default']['BACKEND'], s.EMAIL_BACKEND,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    result = _run(["-c", code], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "kuulluksi.channel_layers.WaitingRedisChannelLayer",
        "kuulluksi.cache.OutageTolerantRedisCache",
        "django_tasks_db.DatabaseBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        "True",
        "True",
        "True",
        "False",
    ]


def test_production_sends_the_security_headers_and_secure_cookie_flags():
    """A request through the whole middleware stack under the production settings (no database needed)."""
    code = """
import json, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'kuulluksi.settings'
import django
django.setup()
from django.conf import settings as s
from django.test import Client
client = Client(HTTP_HOST='kuulluksi.example.org')
insecure = client.get('/healthz')
response = client.get('/healthz', secure=True)
print(json.dumps({
    'insecure': [insecure.status_code, insecure['Location']],
    'headers': {name: response.get(name) for name in (
        'Strict-Transport-Security', 'X-Content-Type-Options', 'Referrer-Policy', 'X-Frame-Options',
        'Cross-Origin-Opener-Policy', 'Permissions-Policy')},
    'csp': response['Content-Security-Policy'],
    'cookies': [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,
                s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SECURE,
                s.LANGUAGE_COOKIE_SAMESITE],
}))
"""
    result = _run(["-c", code], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["insecure"] == [301, "https://kuulluksi.example.org/healthz"]
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "microphone=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    directives = dict(part.strip().partition(" ")[::2] for part in seen["csp"].split(";"))
    assert directives["upgrade-insecure-requests"] == ""
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in seen["csp"]
    assert seen["cookies"] == [True, True, "Lax", True, "Lax", True, "Lax"]


def test_embedded_default_needs_no_configuration(tmp_path):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='kuulluksi.settings';"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'],"
        " s.CACHES['default']['BACKEND'], s.TASKS['default']['BACKEND'], s.EMAIL_BACKEND,"
        " 'journal_mode=WAL' in s.DATABASES['default']['OPTIONS']['init_command'],"
        " s.DATABASES['default']['OPTIONS']['timeout'])"
    )
    drop = ("KUULLUKSI_PROFILE", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL")
    result = _run(["-c", code], {}, drop=drop)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
        "django.core.cache.backends.locmem.LocMemCache",
        "django_tasks.backends.immediate.ImmediateBackend",
        "django.core.mail.backends.console.EmailBackend",
        "True",
        "20",
    ]
