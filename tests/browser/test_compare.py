"""A coordinator compares the network's figures with the same period a year earlier."""

import datetime

from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import UserFactory
from training.services.activities import activity_create

D = datetime.date


def test_coordinator_compares_with_a_year_earlier(desktop, live_server_port, live_structure, unique):
    for day in (D(2024, 3, 5), D(2024, 3, 12), D(2023, 3, 7)):
        activity_create(
            structure=live_structure, user=None, kind="dropin", date=day, duration_minutes=30,
            themes=["email"], anonymous_total=1,
        )  # fmt: skip
    coordinator = UserFactory(email=f"coord-cmp-{unique}@exemple.fr", network_role="coordinator")
    network = f"http://localhost:{live_server_port}"
    login(desktop, f"{network}/accounts/login/", coordinator.email)

    desktop.goto(f"{network}/reseau/")
    desktop.fill("input[name=start]", "2024-03-01")
    desktop.fill("input[name=end]", "2024-03-31")
    desktop.select_option("select[name=structures]", str(live_structure.pk))
    desktop.get_by_label("Comparer avec").select_option(label="Même période l'année précédente")
    desktop.click("text=Afficher les chiffres")

    table = desktop.locator("#compared-figures")
    expect(table).to_be_visible()
    expect(table.locator("thead")).to_contain_text("01/03/2024 – 31/03/2024")
    expect(table.locator("thead")).to_contain_text("Même période l'année précédente")
    expect(table.locator("thead")).to_contain_text("01/03/2023 – 31/03/2023")
    row = table.locator("#compared-dropins")
    expect(row.locator("td").nth(0)).to_have_text("2")
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").nth(2)).to_contain_text("+1")
    expect(row.locator("td").nth(2)).to_contain_text("(+100 %)")
    assert desktop.get_by_label("Comparer avec").input_value() == "year"
