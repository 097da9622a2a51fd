"""Daybook's settings: one file, read from the environment.

With no environment at all (a fresh clone, `make run`) Daybook runs on
embedded defaults: SQLite and a SQLite-backed task queue in var/, email
printed to the console. Production sets the variables listed in
.env.example; a required one that is missing stops start-up with a message
that names it.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from dotenv import load_dotenv

from project import databases
from project.environment import Environment

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Tests build their own world; a developer's .env must not leak into it.
TESTING = "PYTEST_VERSION" in os.environ or sys.argv[1:2] == ["test"]
if not TESTING:
    load_dotenv(BASE_DIR / ".env", override=False)

env = Environment(os.environ)

DEBUG = env.bool("DEBUG", default=False)

# On a laptop and in tests Daybook may fall back to harmless defaults; in
# production (DEBUG off, not testing) every required variable must be set.
LOCAL = DEBUG or TESTING
IS_HEROKU = "DYNO" in os.environ


def required(name, local_default):
    return env.str(name, local_default) if LOCAL else env.str(name)


SECRET_KEY = required(
    "SECRET_KEY", "django-insecure-local-development-key-never-used-in-production"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
if not LOCAL and "ALLOWED_HOSTS" not in env:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is required when DEBUG is off, e.g. daybook.example.com"
    )
SITE_URL = required("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

# The admin is not where scanners look for it.
ADMIN_URL = env.str("ADMIN_URL", "staff").strip("/") + "/"


# Applications

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "anymail",
    "huey.contrib.djhuey",
    "accounts",
    "entries",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "project.privacy.private_pages_not_stored",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.session_activity",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

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
            ],
        },
    },
]


# Data: SQLite in var/ unless DATABASE_URL says otherwise (PostgreSQL in
# production). project/databases.py explains each connection option.

# project/wsgi.py and asgi.py say so: only processes that answer requests get
# the time limits below, never the worker or a management command.
SERVES_WEB_REQUESTS = os.environ.get("DAYBOOK_PROCESS") == "web"
# Milliseconds a web request's SQL statement may run, or wait for a lock,
# before PostgreSQL cancels it (0: no limit). Both well under Heroku's 30 s.
WEB_STATEMENT_TIMEOUT_MS = env.int("WEB_STATEMENT_TIMEOUT_MS", 5000)
WEB_LOCK_TIMEOUT_MS = env.int("WEB_LOCK_TIMEOUT_MS", 3000)

if "DATABASE_URL" in env:
    DATABASES = {
        "default": databases.from_url(
            env.str("DATABASE_URL"),
            # Heroku Postgres only accepts encrypted connections.
            ssl_require=IS_HEROKU and env.str("DATABASE_URL").startswith("postgres"),
            web=SERVES_WEB_REQUESTS,
            statement_timeout=WEB_STATEMENT_TIMEOUT_MS,
            lock_timeout=WEB_LOCK_TIMEOUT_MS,
        )
    }
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {"default": databases.sqlite(VAR_DIR / "daybook.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Queue and cache: Redis when REDIS_URL is set, so several dynos share the
# queue and rate limits; otherwise SQLite for the queue and memory for the
# cache, which is all one laptop needs.

REDIS_URL = env.str("REDIS_URL", "")
# Heroku's Redis speaks TLS with a self-signed certificate.
REDIS_OPTIONS = {"ssl_cert_reqs": None} if REDIS_URL.startswith("rediss://") else {}

HUEY = {
    "name": "daybook",
    # Tests run tasks inline; everywhere else a worker runs them.
    "immediate": TESTING,
    "utc": True,
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if REDIS_URL:
    import redis

    HUEY["huey_class"] = "huey.PriorityRedisHuey"
    HUEY["connection_pool"] = redis.ConnectionPool.from_url(REDIS_URL, **REDIS_OPTIONS)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_OPTIONS,
        }
    }
else:
    VAR_DIR.mkdir(exist_ok=True)
    HUEY["huey_class"] = "huey.SqliteHuey"
    HUEY["filename"] = str(VAR_DIR / "huey.sqlite3")
    HUEY["journal_mode"] = "wal"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Accounts

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is deliberately slow; tests hash hundreds of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "entries:journal"

# Email is the only identifier. Signing up asks for an address, sends a code
# to prove it, and logs in by code; a password is optional.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# A lost or late code is not a dead end: the code page sends a new one, a
# few times (each send still counts against the rate limits below).
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = 3
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = 3
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Daybook: "
# Security notices (a second factor added, the address changed, ...) are
# Daybook's own emails, sent from accounts/receivers.py on allauth's signals;
# allauth's generic notification mails would say the same thing twice.
ACCOUNT_EMAIL_NOTIFICATIONS = False
ACCOUNT_MAX_EMAIL_ADDRESSES = 5

# A second factor: an authenticator app (TOTP) with recovery codes, and
# passkeys, which also log in on their own, without a code or password.
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "add_webauthn": "accounts.forms.AddPasskeyForm",
    "authenticate": "accounts.forms.AuthenticateForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Daybook"
# WebAuthn refuses plain http except on a laptop (http://localhost).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = LOCAL
# The sessions page says when each browser was last active; accounts/middleware.py
# keeps that up to date, more cheaply than allauth's own tracking would.
USERSESSIONS_TRACK_ACTIVITY = False

# Rate limits are allauth's defaults, kept in the cache above. Behind
# Heroku's router the client's address is the last X-Forwarded-For hop.
if IS_HEROKU:
    ALLAUTH_TRUSTED_PROXY_COUNT = 1


# Email. EMAIL_PROVIDER picks the backend; each provider reads its own
# usual variables (POSTMARK_SERVER_TOKEN, MAILGUN_API_KEY, ...), which are
# handed to anymail as they are.

EMAIL_PROVIDERS = [
    "postmark",
    "mailgun",
    "amazon_ses",
    "sendgrid",
    "mailjet",
    "brevo",
    "sparkpost",
    "resend",
    "mailersend",
    "mailtrap",
    "postal",
    "mandrill",
]
EMAIL_PROVIDER = env.str("EMAIL_PROVIDER", "console").lower()
if not LOCAL and EMAIL_PROVIDER == "console":
    # Printed mail is never delivered, and its prompts and codes would land
    # in the logs, journal text and all.
    raise ImproperlyConfigured(
        "EMAIL_PROVIDER is required in production: a provider such as postmark or mailgun "
        "(or file, to keep each message as an .eml file)."
    )
if EMAIL_PROVIDER == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
elif EMAIL_PROVIDER == "file":
    MAILERS = {
        "default": {
            "BACKEND": "project.email_backends.EmlFileBackend",
            "OPTIONS": {"file_path": Path(env.str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))},
        }
    }
elif EMAIL_PROVIDER in EMAIL_PROVIDERS:
    MAILERS = {"default": {"BACKEND": f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"}}
else:
    raise ImproperlyConfigured(
        f"EMAIL_PROVIDER {EMAIL_PROVIDER!r} is not one Daybook knows. "
        f"Choose console, file, or one of: {', '.join(EMAIL_PROVIDERS)}."
    )

ANYMAIL = {}
for provider in EMAIL_PROVIDERS:
    ANYMAIL.update(env.with_prefix(provider.upper() + "_"))
# Inbound webhooks authenticate with HTTP basic auth, "user:password";
# several comma-separated secrets let you rotate one without downtime.
ANYMAIL["WEBHOOK_SECRET"] = env.list("ANYMAIL_WEBHOOK_SECRET", [] if not LOCAL else ["dev:dev"])
if not LOCAL and not ANYMAIL["WEBHOOK_SECRET"]:
    raise ImproperlyConfigured(
        "ANYMAIL_WEBHOOK_SECRET is required in production, e.g. a random 'user:password' pair, "
        "so that nobody else can post replies to the inbound webhooks."
    )

# DATA_UPLOAD_MAX_MEMORY_SIZE stays at Django's 2.5 MB for every page, so no
# anonymous post can make a process hold tens of megabytes. The inbound
# webhooks, which receive whole messages, read larger bodies themselves, and
# only once the request is authenticated (entries/webhooks.py).

# The providers whose inbound webhook answers at /anymail/<provider>/inbound/;
# every other address there is a 404. By default the one that sends.
INBOUND_PROVIDERS = [
    name.lower()
    for name in env.list(
        "INBOUND_PROVIDERS", [EMAIL_PROVIDER] if EMAIL_PROVIDER in EMAIL_PROVIDERS else []
    )
]
unknown = sorted(set(INBOUND_PROVIDERS) - set(EMAIL_PROVIDERS))
if unknown:
    raise ImproperlyConfigured(
        f"INBOUND_PROVIDERS names {', '.join(unknown)}; choose among: {', '.join(EMAIL_PROVIDERS)}."
    )

DEFAULT_FROM_EMAIL = required("DEFAULT_FROM_EMAIL", "Daybook <daybook@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Replies to a prompt go to <token>@INBOUND_EMAIL_DOMAIN.
INBOUND_EMAIL_DOMAIN = required("INBOUND_EMAIL_DOMAIN", "reply.localhost")
# Raw inbound messages are deleted this many days after they were processed.
INBOUND_RETENTION_DAYS = env.int("INBOUND_RETENTION_DAYS", 30)
# A reply to a prompt sent longer ago than this is held for review.
REPLY_TOKEN_DAYS = env.int("REPLY_TOKEN_DAYS", 45)
# Authentication-Results headers are only believed from these mail servers
# (their authserv-id, usually the host name): your own MTA when you pipe mail
# in with receive_email. Providers' verdicts come from their webhooks.
INBOUND_AUTHSERV_IDS = [name.lower() for name in env.list("INBOUND_AUTHSERV_IDS", [])]


# Security. Production answers only over HTTPS (Heroku's router tells us the
# original scheme) and asks browsers to remember that for a year.

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not LOCAL
SECURE_REDIRECT_EXEMPT = [r"^up$"]
SECURE_HSTS_SECONDS = 0 if LOCAL else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every page works with this policy.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}


# Static files: whitenoise serves them compressed, under hashed names that
# browsers may cache forever.

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


# Photos and attached files. Nothing here is ever served from a public URL:
# a view checks that the file is the signed-in person's own, then streams
# it from the disk or redirects to an object-storage URL signed for a few
# minutes. Locally they live in var/media/; Heroku's disk is wiped on every
# restart, so production keeps them in S3-compatible object storage.

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", "")
# How long a signed object-storage URL works: long enough to load a page.
MEDIA_URL_EXPIRY_SECONDS = 300
MEDIA_URL = "/media-is-served-by-views-only/"
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": env.str("AWS_ACCESS_KEY_ID", None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", None),
            "region_name": env.str("AWS_S3_REGION_NAME", None),
            # R2, B2, MinIO and other S3-compatible services have their own.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", None),
            # Private objects, reachable only through short-lived signed URLs.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": MEDIA_URL_EXPIRY_SECONDS,
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": "path" if "AWS_S3_ENDPOINT_URL" in env else None,
        },
    }
    MEDIA_ROOT = ""
    # Photos load from the bucket's signed URLs (the view redirects there).
    endpoint = urlsplit(env.str("AWS_S3_ENDPOINT_URL", ""))
    SECURE_CSP["img-src"].append(
        f"{endpoint.scheme}://{endpoint.netloc}" if endpoint.netloc else "https://*.amazonaws.com"
    )
elif not LOCAL and "MEDIA_ROOT" not in env:
    raise ImproperlyConfigured(
        "Photos need a place to live: set AWS_STORAGE_BUCKET_NAME (and AWS_ACCESS_KEY_ID, "
        "AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME or AWS_S3_ENDPOINT_URL) for object "
        "storage, or MEDIA_ROOT to a folder on a disk that outlives restarts (not on Heroku)."
    )
else:
    MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(VAR_DIR / "media")))
# One photo or attached file may be this large; a reply's whole message is
# capped by the inbound pipeline anyway.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024


# Internationalisation

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True


# Logging: to standard output, where Heroku collects it. Log lines name
# users by id and never carry journal text.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # With a handler of its own here, huey's consumer does not add a
        # second one, and each of its lines is printed once.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

SENTRY_DSN = env.str("SENTRY_DSN", "")
if SENTRY_DSN:
    from project.monitoring import start_sentry

    start_sentry(SENTRY_DSN)


# Development only: the debug toolbar, never in tests or production.

if DEBUG and not TESTING:
    try:
        import debug_toolbar  # noqa: F401
    except ImportError:  # installed only from requirements-dev.txt
        pass
    else:
        INSTALLED_APPS.append("debug_toolbar")
        MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
        INTERNAL_IPS = ["127.0.0.1"]
        # Folded away until asked for, so pages look as they will in production.
        DEBUG_TOOLBAR_CONFIG = {"SHOW_COLLAPSED": True}
        # The toolbar injects its own script and style, signed with a nonce.
        SECURE_CSP["script-src"].append(CSP.NONCE)
        SECURE_CSP["style-src"].append(CSP.NONCE)
