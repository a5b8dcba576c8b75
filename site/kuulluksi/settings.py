"""Settings for Kuulluksi.

Configuration comes only from environment variables. Two profiles:

* ``embedded`` (the default): SQLite in ``var/`` (WAL, busy timeout), the in-memory channel layer,
  local-memory cache, console e-mail and tasks run immediately — for trying the site out and for tests.
* ``production`` (``KUULLUKSI_PROFILE=production``): PostgreSQL from ``DATABASE_URL``, Redis from
  ``REDIS_URL`` for the channel layer and the cache, tasks in the database run by a worker,
  e-mail from ``EMAIL_URL``, static files by WhiteNoise, secure cookies and HSTS. It refuses to start
  without a real ``SECRET_KEY``.

``DATABASE_URL`` and ``REDIS_URL`` may also be given on the embedded profile (CI runs the suite that way).
"""

import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SITE_DIR.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

PROFILE = env.str("KUULLUKSI_PROFILE", default="embedded")
if PROFILE not in ("embedded", "production"):
    raise ImproperlyConfigured("KUULLUKSI_PROFILE must be 'embedded' or 'production'.")
PRODUCTION = PROFILE == "production"

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if PRODUCTION:
        if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
            raise ImproperlyConfigured(
                "Production needs a real SECRET_KEY (at least 50 random characters) in the environment."
            )
        return key
    if key:
        return key
    # The embedded default keeps a random key of its own in var/ so that sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    # Before the apps whose models it gives fields in every language (each app's translation.py).
    "modeltranslation",
    # Project apps: site/ (accounts, cms, kuulluksi) and the top-level apps.
    "kuulluksi",
    "accounts",
    "cms",
    "ktalks",
    "moderation",
    "forum",
    "eraati",
    "chat",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    # Translated pages: wagtail-localize's translation editor and its locale admin (with "synchronise
    # from", which keeps a page tree in every language; cms/languages.py).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts, captcha, real time, tasks
    "allauth",
    "allauth.account",
    "captcha",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]
# Form widgets render through the project's template settings, so the site can override them.
FORM_RENDERER = "kuulluksi.forms.SiteFormRenderer"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kuulluksi.middleware.ContentSecurityPolicyMiddleware",
    "kuulluksi.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the request: no NUL character reaches a query (kuulluksi/middleware.py).
    "kuulluksi.middleware.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost: a database outage in a view becomes the translated 503 page (kuulluksi/outage.py).
    "kuulluksi.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "kuulluksi.urls"
WSGI_APPLICATION = "kuulluksi.wsgi.application"
ASGI_APPLICATION = "kuulluksi.asgi.application"

# The chat's supervision timings, for an operator to tune without code (docs/chat.md); unset, the
# defaults of chat/conf.py hold.
for _timing in ("CHAT_SUPERVISION_GRACE_SECONDS", "CHAT_WATCH_SECONDS"):
    if _timing in env.ENVIRON:
        globals()[_timing] = env.float(_timing)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "kuulluksi.context_processors.site_shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_OPTIONS = {
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start of a
    # transaction so that concurrent writers (several daphne workers, too) wait (timeout) instead of
    # failing with "database is locked".
    # secure_delete: a deleted row's bytes are overwritten, not left in the file (docs/privacy.md).
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
# HTTP requests inside Django at once per daphne worker (kuulluksi/concurrency.py); each holds at most
# one database connection while it runs, the rest wait in the event loop without one.
HTTP_CONCURRENCY = env.int("HTTP_CONCURRENCY", default=20)
if "DATABASE_URL" in env:
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    # Daphne runs each sync view in a thread of its own, so a connection kept per thread
    # (CONN_MAX_AGE > 0) would leave one open connection behind per thread. On PostgreSQL, Django's
    # psycopg pool keeps connections per worker process instead: a request borrows one and gives it back
    # at its end (CONN_MAX_AGE must be 0 with a pool). Its size follows HTTP_CONCURRENCY, so that
    # workers x DATABASE_POOL_MAX_SIZE stays below PostgreSQL's max_connections; 0 turns the pool off
    # (a new connection per request). A request waits at most DATABASE_POOL_TIMEOUT seconds for a
    # connection, then gets the outage page (kuulluksi/outage.py).
    DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=HTTP_CONCURRENCY)
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and DATABASE_POOL_MAX_SIZE > 0:
        if DATABASES["default"]["CONN_MAX_AGE"]:
            raise ImproperlyConfigured("CONN_MAX_AGE must be 0 with the pool (or DATABASE_POOL_MAX_SIZE=0).")
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, DATABASE_POOL_MAX_SIZE),
            "max_size": DATABASE_POOL_MAX_SIZE,
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10),
        }
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
elif PRODUCTION:
    raise ImproperlyConfigured("Production needs DATABASE_URL (PostgreSQL).")
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "kuulluksi.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# --- Cache, channel layer, tasks -------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("Production needs REDIS_URL (channel layer and cache).")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, except that a Redis outage reads as a miss (kuulluksi/cache.py).
            "BACKEND": "kuulluksi.cache.OutageTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="kuulluksi"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # channels_redis's layer whose sends wait for a pooled connection (kuulluksi/channel_layers.py).
            "BACKEND": "kuulluksi.channel_layers.WaitingRedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        # No socket timeout: redis-py 8's default of 5 s breaks the layer's blocking
                        # receive and drops WebSockets that stay quiet for a few seconds.
                        "socket_timeout": None,
                        "max_connections": env.int("CHANNEL_LAYER_MAX_CONNECTIONS", default=100),
                        "pool_timeout": env.int("CHANNEL_LAYER_POOL_TIMEOUT", default=20),
                    }
                ],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="kuulluksi"),
                # Seconds a group membership lasts unless renewed (chat sockets renew theirs, see
                # chat/conf.py group_refresh_seconds); channels_redis's default is a day.
                "group_expiry": env.int("CHANNEL_LAYER_GROUP_EXPIRY", default=86400),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env.bool("TASKS_IN_DATABASE", default=PRODUCTION)
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend with each user's permissions cached (accounts/backends.py).
    "accounts.backends.CachedPermissionsBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "login": "accounts.forms.LoginForm"}
ACCOUNT_USERNAME_MIN_LENGTH = 3
# Temporary, per-address and per-IP limits: an attacker cannot lock a victim out for good.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Kuulluksi: "

# --- Captcha (sign-up and anonymous entry points only) -----------------------------------------
CAPTCHA_IMAGE_SIZE = (180, 60)
CAPTCHA_FONT_SIZE = 36
CAPTCHA_LENGTH = 5
# The spoken alternative is the site's own (kuulluksi.captcha: espeak-ng, in the page's language), not
# django-simple-captcha's English flite download.
CAPTCHA_FLITE_PATH = None
CAPTCHA_SPEECH_PATH = env.str("CAPTCHA_SPEECH_PATH", default="") or None
if CAPTCHA_SPEECH_PATH is None:
    import shutil

    CAPTCHA_SPEECH_PATH = shutil.which("espeak-ng")

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Fields of models that are not pages (each app's translation.py) have a column per language; an empty
# translation shows the Finnish text, marked lang="fi" where it is shown (kuulluksi/languages.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [SITE_DIR / "locale"]
# One date and time format per language across the site (kuulluksi/formats/).
FORMAT_MODULE_PATH = ["kuulluksi.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "static_collected"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The embedded default serves static files straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- E-mail -------------------------------------------------------------------------------
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
elif PRODUCTION:
    raise ImproperlyConfigured("Production needs EMAIL_URL (e.g. smtp+tls://user:password@host:587).")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kuulluksi <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Kuulluksi"
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAIL_SEARCH_BACKEND_OPTIONS = {"SEARCH_CONFIG": "finnish"} if USING_POSTGRES else {}
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", **WAGTAIL_SEARCH_BACKEND_OPTIONS}
}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Documents are downloads and nothing else: no type a browser would run as a script or show as a page
# (no html, js, svg, xml), never shown inline, and sent only by Wagtail's /documents/ view (never
# straight from MEDIA_ROOT: kuulluksi/media.py, and the nginx config). docs/hardening.md.
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "txt", "csv", "rtf", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx",
]  # fmt: skip
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_FINDERS = []  # no third-party embeds: nothing is loaded from other sites
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # editors' avatars: no e-mail hashes sent to a third party
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Site shell -------------------------------------------------------------------------------
# The "Quick exit" button replaces the page with this neutral site (and its history entry, with JS).
QUICK_EXIT_URL = env.str("QUICK_EXIT_URL", default="https://www.ilmatieteenlaitos.fi/")
SITE_DESCRIPTION = _("A place where clients of social services are heard.")

# --- Security -------------------------------------------------------------------------------
# Content-Security-Policy (django-csp): every public page loads scripts, styles, images and the captcha's
# audio from this site only, with no inline script or style and no eval. 'self' in connect-src also
# covers the chat's ws:/wss: connection to the same host. docs/hardening.md has the reasoning.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": PRODUCTION,
    }
}
# The Wagtail admin gets a looser policy, measured by loading its pages in Chromium (docs/hardening.md):
# its form widgets (date, page and task choosers, inline panels) initialise themselves with inline
# <script> elements and its bundled libraries inject <style> elements, so script-src and style-src need
# 'unsafe-inline'; image uploads preview through blob: URLs; the live preview panel is an iframe of the
# admin itself. Nothing in it needs eval. Only staff reach these pages. Uploaded documents and images
# are served under their own path with Wagtail's "default-src 'none'".
ADMIN_CSP_URL_PREFIXES = ["/admin/"]
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Browser features the site never uses are switched off for it and for anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Nothing about an eRaati request reaches a log (docs/privacy.md, "Threat model").
    "filters": {"no_eraati_requests": {"()": "kuulluksi.logfilters.NoEraatiRequests"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_eraati_requests"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
