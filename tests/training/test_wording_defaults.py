"""Wording and defaults a hurried user relies on."""

from tests.conftest import page_text
from tests.training.conftest import D
from training.services.courses import course_create


def test_a_new_course_session_starts_with_nobody_ticked(client_a, structure_a, people_a):
    course = course_create(structure=structure_a, title="Tablette", device="tablet", start_date=D(2024, 1, 8))
    client_a.post(f"/courses/{course.pk}/enrol/", {"beneficiary": people_a[0].code})
    page = page_text(client_a.get(f"/courses/{course.pk}/sessions/new/"))
    assert people_a[0].code in page and " checked" not in page.split('name="attendees"', 1)[1].split(">", 1)[0]


def test_a_reversed_period_shows_an_error_not_other_figures(client_a):
    page = page_text(client_a.get("/dashboard/", {"start": "2024-03-31", "end": "2024-03-01"}))
    assert "après son début" in page and "Corrigez la période" in page
    assert 'data-figure="people"' not in page


def test_the_people_search_says_nobody_was_found(client_a):
    assert 'data-empty-label="Aucune personne trouvée."' in page_text(client_a.get("/activities/new/"))


def test_the_dashboard_definitions_name_their_terms(client_a):
    page = page_text(client_a.get("/dashboard/"))
    assert "<dt>Personnes accompagnées</dt>" in page and "people_in_courses" not in page


def test_the_dashboard_lists_every_month_of_the_period(client_a):
    page = page_text(client_a.get("/dashboard/", {"start": "2024-01-01", "end": "2024-04-30"}))
    for month in ("2024-01", "2024-02", "2024-03", "2024-04"):
        assert f'<th scope="row">{month}</th>' in page
