"""Stalklog settings, read from the environment through django-environ.

With no environment at all the app runs for development: SQLite and files under var/,
with a secret key and a master key generated there on first run. With DEBUG=false it
refuses to start until the production secrets are given (see README, "Configuration").
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from stalklog.core.static_headers import static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
VAR_DIR = Path(env.str("STALKLOG_VAR_DIR", default=str(BASE_DIR / "var")))


def _dev_secret(name, make):
    """Read a development secret from var/, creating it once (safely under xdist)."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / name
    try:
        fd = path.open("x")
    except FileExistsError:
        return path.read_text().strip()
    with fd:
        value = make()
        fd.write(value)
    path.chmod(0o600)
    return value


if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default=None) or _dev_secret(
        "secret_key", lambda: secrets.token_urlsafe(50)
    )
    STALKLOG_MASTER_KEY = env.str("STALKLOG_MASTER_KEY", default=None) or _dev_secret(
        "master.key", lambda: secrets.token_urlsafe(32)
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    _missing = [
        name
        for name in ("SECRET_KEY", "ALLOWED_HOSTS", "STALKLOG_MASTER_KEY")
        if not env.str(name, default="").strip()
    ]
    if _missing:
        raise ImproperlyConfigured(
            "DEBUG is false, so these must be set in the environment: " + ", ".join(_missing)
        )
    SECRET_KEY = env.str("SECRET_KEY")
    STALKLOG_MASTER_KEY = env.str("STALKLOG_MASTER_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Earlier master keys, still accepted for unwrapping until `rotate_master_key` has run.
STALKLOG_OLD_MASTER_KEYS = env.list("STALKLOG_OLD_MASTER_KEYS", default=[])

INSTALLED_APPS = [
    # Bottom to top: accounts, the case file, evidence, incidents, exports.
    "stalklog.accounts",
    "stalklog.casefile",
    "evidence",
    "incidents",
    "incidents.timestamps",
    "incidents.export",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "stalklog.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "stalklog.middleware.NullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the user is known (her account's language wins), before anything writes a message.
    "stalklog.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "stalklog.middleware.IdleTimeoutMiddleware",
    "stalklog.middleware.AccountGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into our neutral sign-in page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stalklog.urls"
WSGI_APPLICATION = "stalklog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stalklog.context_processors.site",
                "stalklog.context_processors.recovery",
            ],
            "builtins": ["stalklog.form_errors", "stalklog.core.plain"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# With connections kept open, check one is still alive before a request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] != 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "stalklog.User"
# django-axes counts failed sign-ins before Django's own backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "signin"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signin"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn, offline: refuses repeats, keyboard rows and the like, and suggests a passphrase.
    {"NAME": "stalklog.accounts.passwords.StrengthValidator", "OPTIONS": {"min_score": 3}},
]

# Languages of the pages (issue 21), each named in its own words. The choice is kept in the
# session and on the account (stalklog.accounts.languages), never in the URL or a cookie of
# its own; catalogues are in locale/ (README, "Languages").
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("cy", "Cymraeg"),
    ("pl", "Polski"),
    ("ur", "اردو"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("STALKLOG_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STALKLOG_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Evidence and exports are encrypted blobs in private storage: there is no MEDIA_URL and
# nothing in it is ever served except through a view that checks access.
STALKLOG_STORAGE = env.str("STALKLOG_STORAGE", default="filesystem")
if STALKLOG_STORAGE == "s3":
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("STALKLOG_S3_BUCKET"),
            "endpoint_url": env.str("STALKLOG_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("STALKLOG_S3_REGION", default=None),
            "access_key": env.str("STALKLOG_S3_ACCESS_KEY", default=None),
            "secret_key": env.str("STALKLOG_S3_SECRET_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _private_storage = {
        "BACKEND": "stalklog.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": env.str("STALKLOG_FILES_DIR", default=str(VAR_DIR / "files")),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
STORAGES = {
    "default": _private_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads stream through our own handler (evidence.uploads) which hashes and encrypts as
# the bytes arrive, so no plaintext temporary file is written.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("STALKLOG_MAX_FILES_PER_UPLOAD", default=50)
STALKLOG_MAX_UPLOAD_BYTES = env.int("STALKLOG_MAX_UPLOAD_BYTES", default=100 * 1024 * 1024)
# Evidence an account may keep in all (evidence.services); 0 means no limit.
STALKLOG_STORAGE_QUOTA_BYTES = env.int("STALKLOG_STORAGE_QUOTA_BYTES", default=5 * 1024**3)
# With scripts, the upload page sends each file in chunks of this size (evidence.resumable,
# at most 2 MiB), so a weak signal loses at most one chunk and can continue.
STALKLOG_UPLOAD_CHUNK_BYTES = env.int("STALKLOG_UPLOAD_CHUNK_BYTES", default=1024 * 1024)
# An upload in parts left unfinished this long is deleted (manage.py delete_abandoned_uploads).
STALKLOG_UNFINISHED_UPLOAD_HOURS = env.int("STALKLOG_UNFINISHED_UPLOAD_HOURS", default=72)
# A voice recording left without Stop (tab closed, phone died) is saved by
# `manage.py finish_recordings` once its newest chunk is this old.
STALKLOG_UNFINISHED_RECORDING_MINUTES = env.int("STALKLOG_UNFINISHED_RECORDING_MINUTES", default=30)
# Photos above this many pixels are refused (decompression bombs); e-mails, chat exports and
# archives are read in memory up to this size (bigger ones are kept, unread).
STALKLOG_MAX_IMAGE_PIXELS = env.int("STALKLOG_MAX_IMAGE_PIXELS", default=64_000_000)
STALKLOG_MAX_PARSE_BYTES = env.int("STALKLOG_MAX_PARSE_BYTES", default=64 * 1024 * 1024)
# Tesseract's models (Debian's tesseract-ocr-eng puts the English one here).
STALKLOG_TESSDATA = env.str("STALKLOG_TESSDATA", default="/usr/share/tesseract-ocr/5/tessdata")

# Background work (exports) runs in `manage.py db_worker` processes that take tasks from a
# table in the same database, so no broker is needed. STALKLOG_TASKS_BACKEND=immediate runs
# tasks inside the request instead (no worker); a dotted backend path is accepted too.
# Tests use the immediate backend (tests/conftest.py).
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env.str("STALKLOG_TASKS_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": _task_backends.get(_task_backend, _task_backend),
        "QUEUES": ["default"],
    }
}

# Sessions: cookie dies with the browser; server-side idle timeout in stalklog.middleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
STALKLOG_IDLE_TIMEOUT_SECONDS = env.int("STALKLOG_IDLE_TIMEOUT_SECONDS", default=15 * 60)
# Sign-in history (devices, addresses, names typed) is kept this long, then deleted.
STALKLOG_SIGNIN_HISTORY_DAYS = env.int("STALKLOG_SIGNIN_HISTORY_DAYS", default=180)

# Account protection (DESIGN.md section 2.2). Failed sign-ins lock an account name and,
# separately, an address; the lockout page is the same whether or not the account exists.
AXES_FAILURE_LIMIT = env.int("STALKLOG_SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("STALKLOG_SIGNIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "stalklog.accounts.signin_views.locked_out"
# Our own SignInEvent keeps the history the owner reads; axes keeps only failure counts,
# and never what was typed into a secret field.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = [
    "password",
    "code",
    "recovery_code",
    "new_password1",
    "new_password2",
    "csrfmiddlewaretoken",
]
AXES_VERBOSE = False
# axes writes a "client string" into every log line it emits; by default it holds the name
# typed (perhaps a password typed into the wrong box) and the address, which would then live
# in the server's logs outside the sign-in history's retention. Ours names only the page.
AXES_CLIENT_STR_CALLABLE = "stalklog.accounts.signins.client_str_for_logs"
# Behind N reverse proxies that each append to X-Forwarded-For, the client's address is the
# N-th from the right; with 0, REMOTE_ADDR. Wrong here, every visitor shares one lock.
STALKLOG_TRUSTED_PROXY_HOPS = env.int("STALKLOG_TRUSTED_PROXY_HOPS", default=0)
AXES_CLIENT_IP_CALLABLE = "stalklog.accounts.signins.client_ip"
# Sign-up forms answered per address per hour (stalklog/accounts/signup.py): probing for
# the names people use is slow, and each probe that succeeds costs an account.
STALKLOG_SIGNUP_ATTEMPTS_PER_HOUR = env.int("STALKLOG_SIGNUP_ATTEMPTS_PER_HOUR", default=10)
# A code typed at the second step must arrive within this time of the password.
STALKLOG_SIGNIN_CODE_SECONDS = 300
# Deleting an account is scheduled: the log is locked and hidden at once and shredded this
# many days later (`shred_due_logs`), so someone who knows her password cannot destroy her
# evidence for good; 0 deletes at once.
STALKLOG_DELETION_GRACE_DAYS = env.int("STALKLOG_DELETION_GRACE_DAYS", default=7)
# A request to reset a password (stalklog/casefile/recovery.py), once checked by a caseworker
# and approved by a service admin, waits this long before her browser may set the password:
# time for any signed-in session of hers to see it and cancel.
STALKLOG_RECOVERY_WAIT_HOURS = env.int("STALKLOG_RECOVERY_WAIT_HOURS", default=24)
# Requests to reset a password answered per address per hour (like sign-up).
STALKLOG_RECOVERY_REQUESTS_PER_HOUR = env.int("STALKLOG_RECOVERY_REQUESTS_PER_HOUR", default=5)
# Wrong request codes a caseworker account may type per hour (a stolen account walking codes).
STALKLOG_RECOVERY_CODE_GUESSES_PER_HOUR = env.int(
    "STALKLOG_RECOVERY_CODE_GUESSES_PER_HOUR", default=10
)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host-: the browser keeps these cookies only if they are Secure, for this exact host
    # and path /, so no other subdomain or plain-HTTP page can set or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("STALKLOG_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# No inline script or style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # Voice notes and videos play from the app itself (access-checked, never public).
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    }
}

# Static files (served by whitenoise, before our middleware) get the same frame denial and
# a policy that lets an SVG or a stylesheet opened on its own run nothing.
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
# Only our own pages use our files: no Access-Control-Allow-Origin: * (whitenoise's default),
# which let any other site read them with fetch() and time the answer.
WHITENOISE_ALLOW_ALL_ORIGINS = False

# Exports: results kept (encrypted) this long, layout workers, cache of laid-out sections.
STALKLOG_EXPORT_KEEP_SECONDS = env.int("STALKLOG_EXPORT_KEEP_SECONDS", default=3600)
STALKLOG_EXPORT_WORKERS = env.int("STALKLOG_EXPORT_WORKERS", default=0)  # 0: one per core, max 4
STALKLOG_EXPORT_CACHE = env.bool("STALKLOG_EXPORT_CACHE", default=True)
STALKLOG_EXPORT_CACHE_SECONDS = env.int("STALKLOG_EXPORT_CACHE_SECONDS", default=30 * 86400)
# Lay out the export in the background after saves and when the export page opens.
STALKLOG_EXPORT_WARM_UP = env.bool("STALKLOG_EXPORT_WARM_UP", default=True)
# A running export reports it is alive this often; one silent for the stale limit (its worker
# was killed) is started again once by the next worker, then given up with a message.
STALKLOG_EXPORT_HEARTBEAT_SECONDS = env.int("STALKLOG_EXPORT_HEARTBEAT_SECONDS", default=10)
STALKLOG_EXPORT_STALE_SECONDS = env.int("STALKLOG_EXPORT_STALE_SECONDS", default=120)
# `manage.py worker` waits at most this long between attempts to reach a database that went away.
STALKLOG_WORKER_MAX_BACKOFF_SECONDS = env.int("STALKLOG_WORKER_MAX_BACKOFF_SECONDS", default=30)

# A stored file that no row names (left by an interrupted write) is reported by
# `check_storage` and removed by `check_storage --delete-orphans` once older than this.
STALKLOG_ORPHAN_GRACE_SECONDS = env.int("STALKLOG_ORPHAN_GRACE_SECONDS", default=3600)

# Trusted timestamps (RFC 3161, `manage.py timestamp_logs`): none by default, and then
# nothing leaves the server. Only a SHA-256 Merkle root is ever sent.
STALKLOG_TSA_URL = env.str("STALKLOG_TSA_URL", default="")
STALKLOG_TSA_CA_FILE = env.str("STALKLOG_TSA_CA_FILE", default="")
STALKLOG_TSA_TIMEOUT_SECONDS = env.int("STALKLOG_TSA_TIMEOUT_SECONDS", default=30)

# Nothing is e-mailed: an abuser may read the victim's mailbox.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

STALKLOG_SITE_TITLE = env.str("STALKLOG_SITE_TITLE", default="Notes")
# The name an authenticator app shows: the neutral site title, never "Stalklog".
OTP_TOTP_ISSUER = STALKLOG_SITE_TITLE
STALKLOG_EXIT_URL = env.str("STALKLOG_EXIT_URL", default="https://www.bbc.co.uk/weather")
# Help lines shown on the help page: a JSON list of {"name", "number", "hours", "about"}.
STALKLOG_HELPLINES = env.json("STALKLOG_HELPLINES", default=None)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
