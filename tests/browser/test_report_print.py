"""The funder report printed to PDF on A4 keeps every column of its per-structure table."""

import datetime
import io

from django.utils import timezone
from pypdf import PdfReader

from network import services as network_services
from tenants.services import structure_create
from tests.browser.conftest import login
from tests.factories import UserFactory
from training.services.activities import activity_create
from training.services.people import beneficiary_create

HEADERS = [
    "Structure",
    "Référents formés",
    "Sessions",
    "Parcours",
    "Personnes accompagnées",
    "En parcours",
    "Femmes",
    "Âge moyen",
]


def test_funder_report_pdf_has_every_column(desktop, live_server_port, committed, unique):
    today = timezone.localdate()
    programme = network_services.programme_create(
        name=f"Programme {unique}", start=today - datetime.timedelta(90), end=today + datetime.timedelta(200)
    )
    for town in ("Haubourdin", "Loos"):
        structure = structure_create(
            name=f"Centre social de {town} {unique}", slug=f"{town.lower()}-{unique}", kind="association", commune=town
        )
        network_services.coaching_plan_create(programme=programme, structure=structure, start=programme.start)
        person = beneficiary_create(structure=structure, label="A", gender="feminin", birth_year=1950)
        activity_create(
            structure=structure, user=None, kind="workshop", date=today - datetime.timedelta(5),
            duration_minutes=60, themes=["email"], beneficiaries=[person], referents=[],
        )  # fmt: skip
    coordinator = UserFactory(email=f"coord-{unique}@exemple.fr", network_role="coordinator")
    network = f"http://localhost:{live_server_port}"
    login(desktop, f"{network}/accounts/login/", coordinator.email)
    assert desktop.goto(f"{network}/reseau/programmes/{programme.pk}/bilan/").status == 200
    pdf = desktop.pdf(format="A4", print_background=True)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    missing = [h for h in HEADERS if h not in flat]
    assert missing == [], f"columns missing from the PDF: {missing}"
    assert f"Haubourdin {unique} ," not in flat and f"Haubourdin {unique}, " in flat

    # Text clipped by a scroll box is still in the PDF: also check that, laid out for print on the width of
    # an A4 page's text (186 mm = 703 px), no header of the table ends outside its box.
    desktop.set_viewport_size({"width": 703, "height": 1000})
    desktop.emulate_media(media="print")
    clipped = desktop.evaluate(
        """() => [...document.querySelectorAll('.report table thead th')]
            .filter(th => { const box = th.closest('.table-scroll') || document.body;
                            return th.getBoundingClientRect().right > box.getBoundingClientRect().right + 1; })
            .map(th => th.textContent.trim())"""
    )
    assert clipped == []
