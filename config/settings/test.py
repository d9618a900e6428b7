"""Tests: only what makes them fast and deterministic differs from development."""

import os

os.environ.setdefault("NETWORK_REQUIRE_MFA", "false")

from config.settings.dev import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_PORT = ""
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "10000/min", "ip": "10000/min"}}  # noqa: F405
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")  # noqa: F405
# In-process cache: query counts stay those of the pages themselves. Keys use the platform's
# key function, so rate limits are still shared across hosts (the database cache's table is
# created too, for tests that switch to it).
CACHES = {"default": {**CACHES["default"], "BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
