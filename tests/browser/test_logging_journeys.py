"""The two most frequent logs on a 360-px phone, counted: every click, fill, selection and key press.

- a workshop with 8 anonymous participants (5 women, 3 men), one theme and a kit: at most 12 interactions;
- a drop-in for a followed person: at most 8;
and neither needs more than 2 screen-heights of scrolling to reach what it touches.
"""

import json
import uuid
from datetime import date

import pytest
from playwright.sync_api import expect

from cms.demo import home_ensure, kit_index_ensure
from cms.models import KitPage
from figures.enums import Equipment, Level
from figures.enums import Theme as KitTheme
from tests.browser.conftest import live_member, login
from training.models import Activity
from training.services.activities import activity_create
from training.services.people import beneficiary_create

WORKSHOP_LIMIT = 12
DROPIN_LIMIT = 8
MAX_SCREENS = 2


class Counted:
    """The page, with each user interaction counted and how far down the page it was."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.deepest = 0.0

    def _reach(self, selector):
        locator = self.page.locator(selector).first
        bottom = locator.evaluate("el => el.getBoundingClientRect().bottom + window.scrollY")
        self.deepest = max(self.deepest, bottom - self.page.viewport_size["height"])
        return locator

    def click(self, selector):
        self._reach(selector).click()
        self.count += 1

    def check(self, selector):
        self._reach(selector).check()
        self.count += 1

    def fill(self, selector, text):
        self._reach(selector).fill(text)
        self.count += 1

    def select(self, selector, value):
        self._reach(selector).select_option(value)
        self.count += 1

    @property
    def screens(self) -> float:
        return max(self.deepest, 0) / self.page.viewport_size["height"]


def _live_kit(unique) -> KitPage:
    index = kit_index_ensure(home_ensure())
    kit = KitPage(
        title=f"Déjouer les arnaques {unique}",
        slug=f"arnaques-{unique}",
        summary="Reconnaître les faux messages.",
        objectives="<p>Reconnaître un message frauduleux.</p>",
        themes=[KitTheme.SECURITY],
        level=Level.BEGINNER,
        equipment=[Equipment.PHONE],
        duration_minutes=75,
        steps=json.dumps([]),
    )
    index.add_child(instance=kit)
    kit.save_revision().publish()
    return kit


@pytest.fixture
def live_kit(live_structure):
    kit = _live_kit(uuid.uuid4().hex[:8])
    yield kit
    kit.delete()  # committed data: do not leave a published kit to the other tests


def test_a_workshop_and_a_drop_in_are_logged_in_few_taps_on_a_phone(live_server_port, phone, live_structure, live_kit):
    kit = live_kit
    referent = live_member(live_structure)
    person = beneficiary_create(structure=live_structure, label="Zoé", gender="feminin", birth_year=1960)
    base = f"http://{live_structure.host}:{live_server_port}"
    login(phone, f"{base}/accounts/login/?next=/", referent.email)
    # The structure's past sessions make "digital security" one of its most-used themes.
    past = date(2025, 3, 1)
    with live_structure_schema(live_structure):
        for _ in range(3):
            activity_create(
                structure=live_structure,
                user=None,
                kind="workshop",
                beneficiaries=[],
                referents=[],
                date=past,
                duration_minutes=60,
                themes=["securite_numerique"],
                anonymous_total=2,
                anonymous_breakdown={},
            )

    # Journey 1: the workshop.
    phone.goto(f"{base}/activities/new/")
    user = Counted(phone)
    user.fill("input[name=anonymous_total]", "8")
    user.fill("input[name=anon_gender_feminin]", "5")
    user.fill("input[name=anon_gender_masculin]", "3")
    user.check("input[name=themes][value=securite_numerique]")
    user.select("select[name=kit_id]", str(kit.pk))
    user.click("form.log-form button[type=submit]:not([name])")
    expect(phone.locator(".message-success")).to_contain_text("Séance enregistrée")
    workshop = (user.count, user.screens)
    print(f"\nworkshop: {user.count} interactions, {user.screens:.2f} screen-heights of scrolling")
    assert user.count <= WORKSHOP_LIMIT
    assert user.screens <= MAX_SCREENS
    with live_structure_schema(live_structure):
        logged = Activity.objects.filter(kit_id=kit.pk).get()
        assert logged.anonymous_total == 8
        assert logged.anonymous_breakdown["gender"] == {"feminin": 5, "masculin": 3}
        assert logged.themes == ["securite_numerique"]

    # The same workshop again, from "log the same again": the kit, theme and duration come back.
    phone.goto(f"{base}/activities/new/")
    user = Counted(phone)
    user.click(f'.repeat-list a[href="?repeat={logged.pk}"]')
    expect(phone.locator("select[name=kit_id]")).to_have_value(str(kit.pk))
    expect(phone.locator("input[name=themes][value=securite_numerique]")).to_be_checked()
    user.fill("input[name=anonymous_total]", "6")
    user.click("form.log-form button[type=submit]:not([name])")
    expect(phone.locator(".message-success")).to_contain_text("Séance enregistrée")
    print(f"repeat: {user.count} interactions, {user.screens:.2f} screen-heights")
    assert user.count <= WORKSHOP_LIMIT

    # Journey 2: a drop-in for a followed person.
    phone.goto(f"{base}/activities/new/")
    user = Counted(phone)
    user.click("input[name=kind][value=dropin]")
    user.fill("#people-search", person.code)
    user.click(f'button.picker-option[data-code="{person.code}"]')
    # A theme this structure has not used yet: open the other themes and search it, accents left out.
    user.click(".more-themes summary")
    user.fill("[data-theme-filter]", "sante")
    expect(phone.locator(".more-themes label:has(input[value=justice])")).to_be_hidden()
    user.check("input[name=themes][value=sante]")
    user.click("form.log-form button[type=submit]:not([name])")
    expect(phone.locator(".message-success")).to_contain_text("Séance enregistrée")
    dropin = (user.count, user.screens)
    print(f"drop-in: {user.count} interactions, {user.screens:.2f} screen-heights of scrolling")
    assert user.count <= DROPIN_LIMIT
    assert user.screens <= MAX_SCREENS

    # From the kit's page: the kit's duration is carried.
    phone.goto(f"{base}/activities/new/?kit={kit.pk}")
    expect(phone.locator("input[name=duration_minutes]")).to_have_value("75")

    # The sticky bar stays small, the targets big enough for a thumb.
    bar = phone.locator(".sticky-actions").bounding_box()
    assert bar["height"] <= 0.10 * phone.viewport_size["height"]
    small = phone.evaluate(
        """() => [...document.querySelectorAll('form.log-form button, form.log-form .choices label')]
            .filter(el => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
            .map(el => el.textContent.trim())"""
    )
    assert small == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert workshop[0] <= WORKSHOP_LIMIT and dropin[0] <= DROPIN_LIMIT


def live_structure_schema(structure):
    from django_tenants.utils import schema_context

    return schema_context(structure.schema_name)
