"""Local development and the demo: debug on, e-mails printed, no MFA requirement."""

import os

os.environ.setdefault("NETWORK_REQUIRE_MFA", "false")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import env_bool  # noqa: E402

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SITE_PORT = os.environ.get("SITE_PORT", "8000")
WAGTAILADMIN_BASE_URL = f"http://{BASE_DOMAIN}:{SITE_PORT}"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# No worker to run in the demo: background tasks (e.g. Wagtail's search indexing) run at once.
# In production, keep the database backend and run `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# `runserver` serves each request on a new thread, and a persistent connection would stay open with its
# thread: close it at the end of each request, so idle connections never pile up (CONN_MAX_AGE=60 to opt in).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "0"))  # noqa: F405
