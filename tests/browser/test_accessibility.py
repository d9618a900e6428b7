"""axe-core on every main page of each role, on a 360-px phone and a 1280-px screen:
no serious or critical violation, and nothing wider than the screen.

The table printed with ``-s`` is the one the issue's closing note gives.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from cms.demo import home_ensure
from network import services as network_services
from tenants.enums import MembershipRole
from tests.browser.conftest import axe_violations, live_member, login
from tests.factories import UserFactory
from training.services.people import beneficiary_create

WIDTHS = {"phone": (360, 740), "desk": (1280, 900)}

STRUCTURE_PAGES = {
    "referent": [
        "/",
        "/activities/",
        "/activities/new/",
        "/people/",
        "/people/new/",
        "/courses/",
        "/dashboard/",
        "/dashboard/?compare=year",
        "/calendar/",
        "/kits/",
    ],
    "manager": ["/equipe/", "/data/import/", "/referents/", "/practices/"],
}
NETWORK_PAGES = {
    "coordinator": [
        "/reseau/",
        "/reseau/programmes/",
        "/reseau/programmes/{programme}/",
        "/reseau/programmes/{programme}/bilan/",
        "/reseau/programmes/{programme}/bilan/?compare=previous",
        "/reseau/?start=2024-01-01&end=2024-06-30&compare=year",
        "/reseau/programmes/{programme}/indicateurs/",
        "/reseau/accompagnement/",
        "/reseau/formations/",
    ],
    "trainer": ["/reseau/", "/reseau/formations/"],
    "public": ["/", "/structures/", "/appels/", "/agenda/", "/structures/{slug}/"],
}
PUBLIC_STRUCTURE_PAGES = ["/public/calendar/"]


def _check(page, url, failures, table, role, width):
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url}: HTTP {response and response.status}"
    found = axe_violations(page)
    overflow = page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"]
    table.append((role, width, url.split(":", 2)[-1].split("/", 1)[-1], len(found), overflow))
    for violation in found:
        failures.append(f"{role} {width} {url}: {violation['impact']} {violation['id']} {violation['nodes']}")
    if overflow:
        culprits = page.evaluate(
            """w => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 1).slice(-3)
                .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))""",
            page.viewport_size["width"],
        )
        failures.append(f"{role} {width} {url}: wider than the screen ({culprits})")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_main_pages_of_every_role_have_no_serious_accessibility_violation(
    browser, live_server_port, live_structure, width
):
    unique = uuid.uuid4().hex[:8]
    today = timezone.localdate()
    home_ensure()  # the network's home page, not Wagtail's placeholder (whichever test runs first)
    programme = network_services.programme_create(
        name=f"Programme {unique}", start=today - datetime.timedelta(60), end=today + datetime.timedelta(300),
        budget=1000, funders=[{"funder": "FSE", "kind": "fse", "amount": 500}],
    )  # fmt: skip
    network_services.recorded_indicator_create(
        programme=programme, label="Courriers envoyés", value=150, date=today, source="service RSA"
    )
    beneficiary_create(structure=live_structure, label="Inès", gender="feminin", birth_year=1961)
    users = {
        "referent": live_member(live_structure),
        "manager": live_member(live_structure, role=MembershipRole.MANAGER),
        "coordinator": UserFactory(email=f"coord-{unique}@exemple.fr", network_role="coordinator"),
        "trainer": UserFactory(email=f"formateur-{unique}@exemple.fr", network_role="trainer"),
    }
    network = f"http://localhost:{live_server_port}"
    structure = f"http://{live_structure.host}:{live_server_port}"
    size = WIDTHS[width]
    failures, table = [], []
    for role in ("referent", "manager", "coordinator", "trainer", "public"):
        # bypass_csp: axe-core is injected as an inline script, which the site's CSP rightly refuses.
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, locale="fr-FR", is_mobile=width == "phone", bypass_csp=True
        )
        page = context.new_page()
        if role in STRUCTURE_PAGES:
            login(page, f"{structure}/accounts/login/", users[role].email)
            urls = [structure + path for path in STRUCTURE_PAGES[role]]
        else:
            if role != "public":
                login(page, f"{network}/accounts/login/", users[role].email)
            paths = NETWORK_PAGES[role]
            urls = [network + p.format(programme=programme.pk, slug=live_structure.slug) for p in paths]
            if role == "public":
                urls += [structure + path for path in PUBLIC_STRUCTURE_PAGES]
        for url in urls:
            _check(page, url, failures, table, role, width)
        context.close()
    print(f"\naxe-core, {width} ({size[0]} px): role | page | serious+critical | wider than the screen")
    for role, _w, path, count, overflow in table:
        print(f"  {role:<11} /{path:<40} {count}  {'yes' if overflow else 'no'}")
    assert failures == [], "\n".join(failures)
