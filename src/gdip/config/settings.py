"""Django settings for GDIP.

Everything that differs between a laptop, CI and production comes from the environment:
GDIP_HOME (state directory), GDIP_DATABASE_URL (PostgreSQL; SQLite under GDIP_HOME when unset),
GDIP_DEBUG, GDIP_SECRET_KEY, GDIP_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

from gdip.config.paths import gdip_home

BASE_DIR = Path(__file__).resolve().parent.parent
GDIP_HOME = gdip_home()

DEBUG = os.environ.get("GDIP_DEBUG", "0") == "1"
# A development key is generated per GDIP_HOME so that a fresh checkout runs without setup;
# production sets GDIP_SECRET_KEY.
SECRET_KEY = os.environ.get("GDIP_SECRET_KEY") or "dev-insecure-" + str(GDIP_HOME)
ALLOWED_HOSTS = os.environ.get("GDIP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "gdip.core",
    "gdip.accounts",
    "gdip.datacenter",
    "gdip.indicators",
    "gdip.finance",
    "gdip.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gdip.config.urls"
WSGI_APPLICATION = "gdip.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict:
    """Turn postgresql://user:pass@host:port/name?host=/socket/dir into Django settings."""
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"GDIP_DATABASE_URL: unsupported scheme {parts.scheme!r}")
    query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/") or "gdip",
        "USER": unquote(parts.username or "postgres"),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": query.get("host") or parts.hostname or "127.0.0.1",
        "PORT": str(parts.port or 5432),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


if os.environ.get("GDIP_DATABASE_URL"):
    DATABASES = {"default": _database_from_url(os.environ["GDIP_DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(GDIP_HOME / "gdip.sqlite3"),
            # WAL lets pages read while a job writes; a busy timeout instead of instant
            # "database is locked" errors under concurrent requests.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Login counts failures in the event log and locks an account after repeated failures.
AUTHENTICATION_BACKENDS = ["gdip.accounts.backends.LockoutModelBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = int(os.environ.get("GDIP_SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: each request extends the session
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = GDIP_HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from app static dirs when collectstatic was not run

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GDIP_LOG_LEVEL", "WARNING")},
}

# --- security (identity, audit) ---
# Owned by the security baseline (docs/security.md). Password policy, login lockout, TOTP second
# factor, the tamper-evident audit log and its database guard.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gdip.accounts.password_validation.LengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "gdip.accounts.password_validation.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "gdip.accounts.password_validation.UsernameValidator"},
    {"NAME": "gdip.accounts.password_validation.CommonPasswordValidator"},
]
# Lockout (gdip.accounts.backends): 5 failures per account, and 5 per source address, in 15 minutes.
GDIP_LOGIN_FAILURE_LIMIT = int(os.environ.get("GDIP_LOGIN_FAILURE_LIMIT", "5"))
GDIP_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("GDIP_LOGIN_IP_FAILURE_LIMIT", "5"))
GDIP_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("GDIP_LOGIN_LOCKOUT_SECONDS", "900"))
# TOTP second factor: required for these roles, optional (once enrolled, enforced) for the others.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "gdip.accounts.middleware.RequireOTPMiddleware",
)
GDIP_OTP_REQUIRED_ROLES = ("province_admin", "auditor")
OTP_TOTP_ISSUER = "GDIP"
# Audit chain hash: sha256 (default) or sm3 (GB/T 32905-2016); stored per event.
GDIP_AUDIT_HASH = os.environ.get("GDIP_AUDIT_HASH", "sha256").lower()
# SQLite: Django's backend plus a flush/table-rebuild that respects the audit log's triggers.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "gdip.core.sqlite_backend"
# --- end security (identity, audit) ---

# --- security (web hardening) ---
# Owned by the security baseline (docs/security-hardening.md): security headers and CSP, clean
# 500/503 responses, rate limits, upload limits, HTTPS settings.
# Outermost: sees every response (headers; database outage → 503; API 500 → JSON).
MIDDLEWARE.insert(0, "gdip.core.middleware.SecurityHeadersMiddleware")
# After authentication (API limits per signed-in user); login limits per address and username.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "gdip.core.ratelimit.RateLimitMiddleware",
)
GDIP_RATELIMIT_ENABLED = os.environ.get("GDIP_RATELIMIT_ENABLED", "1") == "1"
GDIP_RATELIMIT_LOGIN = os.environ.get("GDIP_RATELIMIT_LOGIN", "10/min")
GDIP_RATELIMIT_API = os.environ.get("GDIP_RATELIMIT_API", "600/min")
GDIP_RATELIMIT_CACHE = "ratelimit"
# gunicorn runs several worker processes: the rate-limit counters must be shared between them,
# so they live in files under GDIP_HOME/cache (no server needed; a DatabaseCache would fail
# together with the database and add a write to every API call).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    **globals().get("CACHES", {}),
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(GDIP_HOME / "cache" / "ratelimit"),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
    },
}
# Uploads: request bodies and in-memory files are bounded; every upload form also calls
# gdip.core.uploads.validate_upload (type from magic bytes, size, no Excel formulas).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_PERMISSIONS = 0o640
GDIP_UPLOAD_MAX_BYTES = int(os.environ.get("GDIP_UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)))
# HTTPS: GDIP_TLS=1 when the site is served over TLS (directly or behind a TLS proxy). HSTS is
# sent by SecurityMiddleware on secure requests only. Behind a proxy that terminates TLS, set
# GDIP_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https (only if the proxy overwrites that header).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if os.environ.get("GDIP_TLS", "0") == "1":
    SECURE_HSTS_SECONDS = int(os.environ.get("GDIP_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("GDIP_SSL_REDIRECT", "0") == "1"
if os.environ.get("GDIP_PROXY_SSL_HEADER"):
    _proxy_header, _sep, _proxy_value = os.environ["GDIP_PROXY_SSL_HEADER"].partition("=")
    SECURE_PROXY_SSL_HEADER = (_proxy_header.strip(), _proxy_value.strip() or "https")
# --- end security (web hardening) ---
