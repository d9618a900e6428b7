"""Settings shared by every environment; everything that varies is read from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.database import database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)

# The network site lives on BASE_DOMAIN, each relay structure on <slug>.BASE_DOMAIN.
BASE_DOMAIN = os.environ.get("BASE_DOMAIN", "localhost")
SITE_PORT = os.environ.get("SITE_PORT", "")
SITE_SCHEME = os.environ.get("SITE_SCHEME", "http")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"{BASE_DOMAIN},.{BASE_DOMAIN}")

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
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
    "wagtail",
    "modelcluster",
    "taggit",
    "figures",
    "network",
    "cms",
    "api",
    "ops",
]
# The only tenant app: every tenant table is repeated in every structure's schema.
TENANT_APPS = ["training"]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Structure"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
DEFAULT_NOT_FOUND_TENANT_VIEW = "tenants.views.unknown_host"
ROOT_URLCONF = "config.urls_tenant"
# Structures are cloned from this empty, migrated schema instead of running migrations.
TENANT_BASE_SCHEMA = "structure_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Schemas made ahead, renamed by provisioning (tenants/schema.py); 0 turns the pool off.
TENANT_SCHEMA_POOL_SIZE = int(os.environ.get("TENANT_SCHEMA_POOL_SIZE", "3"))
# One `SET search_path` when the schema changes, not one before every cursor (a round trip each).
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "config.errors.RequestSizeMiddleware",
    "django_tenants.middleware.main.TenantMainMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tenants.middleware.LoginPolicyMiddleware",
    "tenants.middleware.StructureAccessMiddleware",
    "api.idempotency.IdempotencyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.errors.DatabaseUnavailableMiddleware",
]

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
                "tenants.context_processors.platform",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Persistent connections (one per worker thread), checked before reuse after a restart of the server.
# The development server opens a thread per request: config/settings/dev.py closes each connection.
DATABASES = {"default": dj_database_url.parse(database_url(), conn_max_age=60, conn_health_checks=True)}
DATABASES["default"]["ENGINE"] = "config.db_backend"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tenants.User"
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: e-mail login, verified addresses, rate limits through the shared cache.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Accounts are created through invitations or application selection, not open sign-up.
ACCOUNT_ADAPTER = "tenants.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Relais numérique")
# Coordinators and trainers must enrol TOTP before reaching network data (off in the demo).
NETWORK_REQUIRE_MFA = env_bool("NETWORK_REQUIRE_MFA", True)
INVITATION_VALIDITY_DAYS = int(os.environ.get("INVITATION_VALIDITY_DAYS", "14"))
# The public application form: a human takes at least this long to fill it in, and an address
# may send this many applications per period (seconds), counted in the cache.
NETWORK_FORM_MIN_SECONDS = int(os.environ.get("NETWORK_FORM_MIN_SECONDS", "5"))
NETWORK_FORM_RATE_LIMIT = (int(os.environ.get("NETWORK_FORM_RATE_LIMIT", "5")), 3600)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Relais numérique <no-reply@localhost>")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
# Wagtail's images and documents (public schema) use the fixed default storage; files a structure
# uploads use the "tenant" storage, under MEDIA_ROOT/structures/<schema>/.
MULTITENANT_RELATIVE_MEDIA_ROOT = "structures/%s"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "tenant": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One cache shared by every worker and host: the database (`createcachetable`, run by
# setup_platform) unless REDIS_URL is set. Keys carry the schema, except the rate-limit
# counters (login lockouts, API throttles), which count across every host (config/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if REDIS_URL
        else "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": REDIS_URL or "django_cache",
        "KEY_FUNCTION": "config.cache.make_key",
        "REVERSE_KEY_FUNCTION": "config.cache.reverse_key",
    }
}
# How many reverse proxies we run in front of Django: X-Forwarded-For is read only behind them
# (config/client.py, used by allauth's rate limits and the API's throttles).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = "Relais numérique"
# One login door: Wagtail's and Django admin's login pages redirect to allauth's (cms/urls.py,
# config/urls_public.py), which applies the rate limits and the second factor.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No third-party asset, not even avatars (the CSP would refuse them anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"{SITE_SCHEME}://{BASE_DOMAIN}")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french_unaccent",
    }
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "api.sync.UpdatedSinceFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "api.throttling.IPRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_THROTTLE_TOKEN", "600/min"),
        "ip": os.environ.get("API_THROTTLE_IP", "300/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "api.errors.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Relais numérique API",
    "DESCRIPTION": "API of the digital-inclusion relay network: structures' logs and the network's figures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EquipmentKindEnum": "figures.enums.EquipmentKind",
        "RegistrationStatusEnum": "figures.enums.RegistrationStatus",
        "ActivityKindEnum": "figures.enums.ActivityKind",
        "EnrolmentStatusEnum": "figures.enums.EnrolmentStatus",
        "StructureKindEnum": "tenants.enums.StructureKind",
        "MeetingKindEnum": "network.enums.MeetingKind",
        "AnswerEnum": "figures.enums.Answer",
        "FunderKindEnum": "network.enums.FunderKind",
    },
    "PREPROCESSING_HOOKS": ["api.schema.only_api_endpoints"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.sync_headers"],
}

# Hardened headers (SecurityMiddleware; the CSP and Permissions-Policy: config/security.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
