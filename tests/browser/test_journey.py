"""A referent on a 360 px phone records a person's referral, then their exit, and reads the timeline."""

from playwright.sync_api import expect

from tests.browser.conftest import live_member, login


def test_a_referent_records_a_referral_then_an_exit_on_a_phone(phone, live_structure, live_server_port, committed):
    referent = live_member(live_structure)
    base = f"http://{live_structure.host}:{live_server_port}"
    login(phone, base + "/accounts/login/?next=/people/new/", referent.email)

    phone.fill("#id_label", "Josiane")
    phone.select_option("#id_referral_source", "service_rsa")
    phone.fill("#id_referral_partner", "CCAS – service RSA")
    phone.fill("#id_referral_date", "2024-01-10")
    phone.select_option("#id_qpv", "oui")
    expect(phone.locator("#fse")).to_contain_text("accord explicite")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(lambda url: "/people/P-" in url)
    expect(phone.locator(".timeline")).to_contain_text("Orientation")
    expect(phone.locator(".timeline")).to_contain_text("CCAS – service RSA")

    # The exit, on the same form: an answer without the exit date is refused, then accepted with it.
    phone.locator("main a[href$='/edit/']").click()
    phone.select_option("#id_exit_autonomous", "oui")
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("#journey")).to_contain_text("indiquez d'abord la date de sortie")
    phone.fill("#id_exit_date", "2024-03-15")
    phone.select_option("#id_exit_situation", "formation")
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator(".message-success")).to_be_visible()
    timeline = phone.locator(".timeline")
    expect(timeline).to_contain_text("Sortie")
    expect(timeline).to_contain_text("autonome : oui")
    # Readable on the phone: no horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    steps = timeline.locator("li").all_inner_texts()
    assert "Orientation" in steps[0] and "Sortie" in steps[-1]
