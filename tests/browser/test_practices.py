import datetime

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import live_member, login
from training import practices


def test_a_person_registers_on_the_public_calendar_and_the_referent_logs_the_workshop(
    browser, phone, live_structure, live_server_port, committed
):
    referent = live_member(live_structure)
    workshop = practices.workshop_schedule(
        structure=live_structure,
        title="Se protéger des arnaques",
        date=timezone.localdate() + datetime.timedelta(days=2),
        start_time=datetime.time(14),
        seats=8,
        themes=["securite_numerique"],
    )
    base = f"http://{live_structure.host}:{live_server_port}"

    # A person registers from their phone, without an account.
    phone.goto(base + "/public/calendar/")
    expect(phone.locator("h2", has_text="Se protéger des arnaques")).to_be_visible()
    phone.locator(f"#workshop-{workshop.pk} summary").click()
    phone.fill(f"#label-{workshop.pk}", "Josiane")
    phone.locator(f"#workshop-{workshop.pk} button[type=submit]").click()
    expect(phone.locator(".message-success")).to_be_visible()

    # The referent, on another phone, sees the registration on the workshop's page.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR", is_mobile=True)
    referent_phone = context.new_page()
    login(referent_phone, base + "/accounts/login/?next=/calendar/", referent.email)
    referent_phone.goto(f"{base}/calendar/{workshop.pk}/")
    expect(referent_phone.locator("table")).to_contain_text("Josiane")
    context.close()
