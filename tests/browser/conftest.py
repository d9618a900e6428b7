"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

The server runs in a thread on the test database; data are committed (no per-test
transaction) so that the server sees them, with unique names per test.
"""

import os
import uuid
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread

from tenants.enums import MembershipRole
from tenants.services import membership_set, structure_create
from tests.factories import UserFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# In CI a missing browser or axe-core is a failure, not a reason to skip (.ci/run installs both).
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


PASSWORD = "un-mot-de-passe-solide"

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def live_server_port(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        thread = LiveServerThread("0.0.0.0", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield thread.port
        thread.terminate()


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Let the test write committed data that the live server can read."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:8]


@pytest.fixture
def live_structure(committed, unique):
    return structure_create(name=f"CCAS Navigateur {unique}", slug=f"nav-{unique}", kind="ccas", commune="Lille")


def live_member(structure, role=MembershipRole.REFERENT):
    user = UserFactory(email=f"{role}-{uuid.uuid4().hex[:8]}@exemple.fr")
    membership_set(user=user, structure=structure, role=role)
    return user


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"No Chromium at {CHROMIUM}: install Debian's chromium package to run browser tests (CI does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR", is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    yield context.new_page()
    context.close()


def login(page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(url)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not AXE.exists():
        missing(f"No axe-core at {AXE}: run `npm ci` at the project's root (CI does).")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in results if v["impact"] in SERIOUS]


@pytest.fixture(autouse=True)
def _no_kit_left_behind(django_db_setup, django_db_blocker):
    """Browser tests commit their data; the kits they publish would show in later tests' kit lists."""
    from cms.models import KitPage

    with django_db_blocker.unblock():
        before = set(KitPage.objects.values_list("pk", flat=True))
    yield
    with django_db_blocker.unblock():
        for kit in KitPage.objects.exclude(pk__in=before):
            kit.delete()
