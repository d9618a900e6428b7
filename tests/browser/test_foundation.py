from playwright.sync_api import expect

from tests.browser.conftest import live_member, login


def test_referent_logs_in_on_the_structure_host_and_sees_its_home(phone, live_structure, live_server_port, committed):
    referent = live_member(live_structure)
    base = f"http://{live_structure.host}:{live_server_port}"

    phone.goto(base + "/")
    expect(phone).to_have_url(f"{base}/accounts/login/?next=/")
    login(phone, phone.url, referent.email)

    expect(phone.locator("h1")).to_contain_text(live_structure.name)
    expect(phone.locator(".brand-structure")).to_have_text(live_structure.name)


def test_member_of_another_structure_sees_the_refusal(desktop, live_structure, live_server_port, committed, unique):
    from tenants.services import structure_create

    other = structure_create(name=f"Autre {unique}", slug=f"autre-{unique}")
    outsider = live_member(other)
    login(desktop, f"http://{live_structure.host}:{live_server_port}/accounts/login/", outsider.email)
    desktop.goto(f"http://{live_structure.host}:{live_server_port}/")
    expect(desktop.locator("h1")).to_have_text("Accès refusé")
