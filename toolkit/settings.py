"""Settings for the Parkinson's Toolkit.

Every value that differs between deployments comes from the environment (see the
table in README.md). Bad values fail at start-up rather than at the first request.
"""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from toolkit.lib.env import (
    env_bool,
    env_email,
    env_hosts,
    env_int,
    env_list,
    env_log_level,
    env_origin,
    env_str,
    env_url,
    parse_email_url,
    smtp_mailer,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Left empty when unset with DEBUG off: Django then refuses every read of it, so nothing is
# ever signed with a made-up key, while commands that sign nothing (makemigrations, check)
# still run. The web server reads it at start-up (toolkit/wsgi.py), so it never starts without.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"  # noqa: S105
# Earlier keys, comma-separated, while a new SECRET_KEY is brought in: what they signed is still
# accepted, and only the new key signs (docs/deploying.md, "Changing the secret key").
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
# Links in emails start with it. The default, for a local run, is refused by `check --deploy`
# (toolkit/deploy_checks.py).
SITE_URL = env_origin("SITE_URL", "http://127.0.0.1:8000")
SITE_NAME = "Parkinson's Toolkit"
# Where people write for help the pages cannot give (an account taken over, a link expired):
# the footer and those pages name it when it is set.
SUPPORT_EMAIL = env_email("SUPPORT_EMAIL")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "axes",
    "toolkit",
    "content",
    "notes",
    "tracker",
]

MIDDLEWARE = [
    "toolkit.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "toolkit.observability.HealthCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "toolkit.middleware.TrailingSlashMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "toolkit.sessions.SessionPersonMiddleware",
    "toolkit.middleware.PrivateByDefaultMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Information pages kept for anonymous readers, served before URL resolution and the
    # view, but after every middleware above, whose work each response needs.
    "content.whole_pages.KeptPagesMiddleware",
    "toolkit.middleware.TimezoneMiddleware",
    "toolkit.records_version.RecordsVersionMiddleware",
    "toolkit.access.ChangesLoggedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toolkit.urls"
WSGI_APPLICATION = "toolkit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "toolkit.context_processors.site",
                "toolkit.context_processors.care",
            ],
        },
    },
]

# Unset, a SQLite file beside the code: the zero-setup local database, which the tests use
# too; `check --deploy` refuses it (toolkit/deploy_checks.py).
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        # No "SELECT 1" before each request's first query: a round trip on every request,
        # to spare one request per worker after the database restarts (it gets the 503
        # page; Django reconnects on the next). docs/decisions.md has the measurements.
        conn_health_checks=False,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An optional shared cache for several machines.
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss", "unix"), "redis://cache.internal:6379/0")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered summaries: health data, so kept in each process's own memory only, never
    # in a shared cache (tracker/summary_cache.py).
    "summaries": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "summaries",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 100},
    },
}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }

AUTH_USER_MODEL = "toolkit.User"
# Each session carries its person, read in the same query (toolkit/sessions.py).
SESSION_ENGINE = "toolkit.sessions"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login rate limiting: too many failures for one account, or from one address,
# lock that account or address out for a while (each counted on its own). A browser that has
# logged in to the account before counts its failures for it on their own, and is not paused
# by its address, so that neither a stranger's wrong passwords nor a neighbour's on the same
# Wi-Fi pause the owner's log-ins (toolkit/device_cookies.py).
CSRF_FAILURE_VIEW = "toolkit.views.csrf_failure"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = "toolkit.device_cookies.lockout_parameters"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "toolkit.device_cookies.failure_key"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Its warnings name the client: by address only, since an email address in the logs says
# that its owner uses a toolkit for Parkinson's.
AXES_CLIENT_STR_CALLABLE = "toolkit.observability.login_client"
# Nothing reads a log of every successful log-in, and it would keep each person's addresses,
# browsers and times for ever: only failed attempts are kept, for as long as lockouts need.
AXES_DISABLE_ACCESS_LOG = True
# Login rate limits count each client address, found by django-ipware. Each proxy appends the
# address it was reached from to X-Forwarded-For: behind PROXY_COUNT proxies, the client is that
# many entries from the end, whatever the client sent itself, and the nearest proxy is
# REMOTE_ADDR. ipware counts only the proxies after the client in the header (one fewer) and,
# not strict, at least that many, so a header the client started does not hide the address.
PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0)
if PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    IPWARE_STRICT = False

# Emails to addresses someone typed (sign-up, reset, invitations, a new address) that one
# sender (an account, or else a network) may cause in an hour, and the whole site
# (toolkit/email_limits.py).
EMAILS_PER_SENDER_PER_HOUR = env_int("EMAILS_PER_SENDER_PER_HOUR", 20, minimum=1)
EMAILS_PER_HOUR = env_int("EMAILS_PER_HOUR", 1000, minimum=1)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = not DEBUG

# Email: EMAIL_URL (smtp://, smtp+tls://, smtps://, console://) or the usual EMAIL_* names.
DEFAULT_FROM_EMAIL = env_email(
    "DEFAULT_FROM_EMAIL", "Parkinson's Toolkit <toolkit@localhost>", with_name=True
)
if env_str("EMAIL_URL"):
    _mailer = parse_email_url(env_str("EMAIL_URL"))
elif env_str("EMAIL_HOST") or not DEBUG:
    _mailer = smtp_mailer(
        host=env_str("EMAIL_HOST", "localhost"),
        port=env_int("EMAIL_PORT", 25),
        username=env_str("EMAIL_HOST_USER"),
        password=env_str("EMAIL_HOST_PASSWORD"),
        use_tls=env_bool("EMAIL_USE_TLS", False),
        use_ssl=env_bool("EMAIL_USE_SSL", False),
    )
else:
    # A local run with nowhere to send mail prints it, so password-reset links show.
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": _mailer}
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Information pages: a folder of markdown files (or a git checkout) and its images.
CONTENT_DIR = Path(env_str("CONTENT_DIR", str(BASE_DIR / "content" / "pages")))
CONTENT_IMAGES_DIR = Path(env_str("CONTENT_IMAGES_DIR", str(CONTENT_DIR / "images")))
# Remote images in content load only from these hosts (https); others show their alt text.
CONTENT_IMAGE_HOSTS = env_hosts("CONTENT_IMAGE_HOSTS")
# How stale the list of pages may be: added, edited or removed pages show within this time.
CONTENT_RECHECK_SECONDS = env_int("CONTENT_RECHECK_SECONDS", 2, minimum=0)

# Security headers. Scripts and styles only from our own origin or with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The nonce: the summary's printed header names the patient in its own <style>.
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *(f"https://{host}" for host in CONTENT_IMAGE_HOSTS)],
    "frame-src": ["https://www.youtube-nocookie.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the health check over plain http (toolkit.observability).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "route_not_path": {"()": "toolkit.observability.RouteNotPath"},
        "without_traceback": {"()": "toolkit.observability.WithoutTraceback"},
    },
    # Each line names its level (journalctl -p reads it under systemd); request lines are JSON.
    "formatters": {"line": {"()": "toolkit.observability.LogLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env_log_level("LOG_LEVEL")},
    "loggers": {
        # Django's own request lines name the path ("Not Found: /my-tracker/day/…", a CSRF
        # failure on "/account/invitation/<token>"), which can say something about a person
        # or let someone in: they name the route instead, and its warnings are turned down.
        "django.request": {"level": "ERROR", "propagate": True, "filters": ["route_not_path"]},
        "django.security.csrf": {"filters": ["route_not_path"]},
        # A Host not in ALLOWED_HOSTS (a scanner, or a name missing from the setting): the
        # line names the host; its traceback, from Django's own code, only buried it.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        "toolkit.requests": {"level": env_log_level("REQUEST_LOG_LEVEL"), "propagate": True},
        # django-axes says at INFO who logged in or out, from where, whatever AXES_VERBOSE: a
        # log of every log-in, which the app does not keep (AXES_DISABLE_ACCESS_LOG). Failed
        # log-ins and lockouts are warnings, and stay.
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The markdown parser narrates every rule it tries, for every page, at DEBUG.
        "markdown_it": {"level": "WARNING"},
    },
}
