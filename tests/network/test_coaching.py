import datetime

import pytest

from network import services
from network.enums import MilestoneState
from network.models import MilestoneTemplate
from network.selectors import coaching_board
from tests.conftest import host_client, page_text
from training.services.activities import activity_create


@pytest.fixture
def plans(programme, structure_a, structure_b, today):
    return [
        services.coaching_plan_create(programme=programme, structure=s, start=today - datetime.timedelta(days=90))
        for s in (structure_a, structure_b)
    ]


def test_plan_milestones_come_from_the_template(plans, today):
    plan = plans[0]
    codes = list(plan.milestones.values_list("code", flat=True))
    assert codes == list(MilestoneTemplate.objects.filter(active=True).values_list("code", flat=True))
    framing = plan.milestones.get(code="framing")
    assert framing.due_date == plan.start + datetime.timedelta(days=30)
    assert framing.state(today) == MilestoneState.OVERDUE
    services.milestone_update(milestone=framing, due_date=framing.due_date, completed_on=today)
    assert framing.state(today) == MilestoneState.DONE


def test_an_edited_template_applies_to_new_plans(programme, structure_a, today):
    services.milestone_template_save(code="kit-used", title="Premier kit utilisé", order=8, offset_days=200)
    plan = services.coaching_plan_create(programme=programme, structure=structure_a, start=today)
    assert plan.milestones.filter(code="kit-used", due_date=today + datetime.timedelta(days=200)).exists()


def test_board_flags_structures_without_activity_for_30_days(plans, structure_a, structure_b, today, programme):
    activity_create(
        structure=structure_a, user=None, kind="workshop", date=today - datetime.timedelta(days=3),
        duration_minutes=60, anonymous_total=4, themes=["email"],
    )  # fmt: skip
    activity_create(
        structure=structure_b, user=None, kind="workshop", date=today - datetime.timedelta(days=45),
        duration_minutes=60, anonymous_total=4, themes=["email"],
    )  # fmt: skip
    rows = {row["structure"].pk: row for row in coaching_board(programme, today)["rows"]}
    assert rows[structure_a.pk]["inactive"] is False
    assert rows[structure_b.pk]["inactive"] is True
    assert rows[structure_a.pk]["overdue"] >= 1


class TestPages:
    def test_board_lists_structures_with_bounded_queries(
        self, coordinator_client, plans, programme, django_assert_max_num_queries
    ):
        # Constant in the number of structures: plans, milestones and last activities are read in bulk.
        with django_assert_max_num_queries(20):
            response = coordinator_client.get("/reseau/accompagnement/", {"programme": programme.pk})
        text = page_text(response)
        assert "CCAS d'Alpha" in text and "Association Beta" in text
        assert "En retard" in text and "Aucune activité depuis 30 jours" in text
        response = coordinator_client.get(
            "/reseau/accompagnement/", {"programme": programme.pk, "table": "board", "format": "csv"}
        )
        assert "CCAS d'Alpha" in response.content.decode("utf-8-sig")

    def test_meeting_notes_are_for_coordinators_only(self, coordinator_client, trainer, referent_a, plans):
        url = f"/reseau/accompagnement/{plans[0].pk}/"
        response = coordinator_client.post(
            url, {"action": "meeting", "date": "2024-01-10", "kind": "visit", "notes": "Note confidentielle"}
        )
        assert response.status_code == 302
        assert "Note confidentielle" in page_text(coordinator_client.get(url))
        assert host_client("localhost", trainer).get(url).status_code == 403
        assert host_client("localhost", referent_a).get(url).status_code == 403

    def test_a_milestone_in_the_future_is_refused_in_french(self, coordinator_client, plans, today):
        milestone = plans[0].milestones.first()
        response = coordinator_client.post(
            f"/reseau/accompagnement/{plans[0].pk}/",
            {"action": "milestone", "milestone": milestone.pk, f"m{milestone.pk}-milestone": milestone.pk,
             f"m{milestone.pk}-due_date": "2024-01-01",
             f"m{milestone.pk}-completed_on": (today + datetime.timedelta(days=5)).isoformat()},
        )  # fmt: skip
        assert response.status_code == 400
        assert "date future" in page_text(response)
        response = coordinator_client.post(
            f"/reseau/accompagnement/{plans[0].pk}/",
            {"action": "milestone", "milestone": milestone.pk, f"m{milestone.pk}-due_date": "pas une date"},
        )
        assert response.status_code == 400
