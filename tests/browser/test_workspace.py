"""On a 360-px phone: log a workshop with two followed people and three anonymous participants,
then find it in the structure's figures."""

from playwright.sync_api import expect

from tests.browser.conftest import live_member, login
from training.services.people import beneficiary_create


def test_referent_logs_a_workshop_on_a_phone_and_sees_it_in_the_figures(
    live_server_port, phone, live_structure, committed
):
    referent = live_member(live_structure)
    lea = beneficiary_create(structure=live_structure, label="Léa", gender="feminin", birth_year=1958)
    marc = beneficiary_create(structure=live_structure, label="Marc", gender="masculin", birth_year=1949)
    base = f"http://{live_structure.host}:{live_server_port}"

    login(phone, f"{base}/accounts/login/?next=/", referent.email)
    phone.get_by_role("link", name="Enregistrer une séance").first.click()
    expect(phone.locator("h1")).to_have_text("Enregistrer une séance")

    phone.check("input[name=themes][value=email]")
    for person in (lea, marc):
        phone.fill("#people-search", person.code)  # unique, whatever other tests left in the structure
        option = phone.locator(f'button.picker-option[data-code="{person.code}"]')
        option.click()
        expect(phone.locator(f'[data-picker-chosen] li[data-code="{person.code}"]')).to_be_visible()
    phone.fill("input[name=anonymous_total]", "3")
    phone.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(phone.locator(".message-success")).to_contain_text("Séance enregistrée")
    expect(phone.locator("body")).to_contain_text(lea.code)
    expect(phone.locator("body")).to_contain_text(marc.code)

    phone.goto(f"{base}/dashboard/")
    expect(phone.locator('[data-figure="people"]')).to_have_text("5")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
