"""The monthly chart has every month of the period, the empty ones included, and a round axis."""

from datetime import date

import pytest

from network.charts import activity_by_month_and_structure, month_range, nice_top


def test_every_month_of_the_period():
    months = month_range(date(2023, 11, 5), date(2024, 2, 1), [date(2024, 1, 1)])
    assert months == [date(2023, 11, 1), date(2023, 12, 1), date(2024, 1, 1), date(2024, 2, 1)]
    assert month_range(None, None, [date(2024, 3, 1), date(2024, 1, 1)]) == [
        date(2024, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]


@pytest.mark.parametrize(("value", "top"), [(0, 1), (3, 4), (7, 10), (23, 25), (61, 100)])
def test_round_axis(value, top):
    assert nice_top(value) == top


@pytest.mark.django_db
def test_empty_period_has_its_months_and_ticks():
    chart = activity_by_month_and_structure(start=date(2024, 1, 1), end=date(2024, 6, 30))
    assert len(chart["months"]) == 6 and len(chart["columns"]) == 6
    assert [t["value"] for t in chart["ticks"]] == [0, 1]
