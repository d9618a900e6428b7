"""``figures.periods.comparison_period`` and ``figures.compare``: the one rule for periods compared."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from figures.compare import Change, change, compared_rows, figures_change
from figures.periods import comparison_period

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Whole months: the same number of whole months before.
        (D(2024, 3, 1), D(2024, 3, 31), (D(2024, 2, 1), D(2024, 2, 29))),
        (D(2024, 2, 1), D(2024, 2, 29), (D(2024, 1, 1), D(2024, 1, 31))),
        (D(2023, 3, 1), D(2023, 3, 31), (D(2023, 2, 1), D(2023, 2, 28))),
        (D(2024, 4, 1), D(2024, 6, 30), (D(2024, 1, 1), D(2024, 3, 31))),  # a quarter
        (D(2024, 1, 1), D(2024, 3, 31), (D(2023, 10, 1), D(2023, 12, 31))),  # across a new year
        (D(2024, 1, 1), D(2024, 12, 31), (D(2023, 1, 1), D(2023, 12, 31))),  # a year
        (D(2017, 4, 1), D(2018, 6, 30), (D(2016, 1, 1), D(2017, 3, 31))),  # 15 months (Charente)
        # Other periods: the same number of days, ending the day before.
        (D(2024, 3, 10), D(2024, 3, 19), (D(2024, 2, 29), D(2024, 3, 9))),
        (D(2024, 3, 5), D(2024, 3, 5), (D(2024, 3, 4), D(2024, 3, 4))),  # one day
        (D(2024, 1, 1), D(2024, 1, 15), (D(2023, 12, 17), D(2023, 12, 31))),
        (D(2024, 3, 1), D(2024, 3, 30), (D(2024, 1, 31), D(2024, 2, 29))),  # not a whole month: 30 days
        (D(2024, 2, 15), D(2024, 3, 31), (D(2023, 12, 31), D(2024, 2, 14))),
    ],
)
def test_previous(start, end, expected):
    assert comparison_period(start, end, "previous") == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 3, 1), D(2024, 3, 31), (D(2023, 3, 1), D(2023, 3, 31))),
        (D(2024, 2, 1), D(2024, 2, 29), (D(2023, 2, 1), D(2023, 2, 28))),  # 29 February → 28 February
        (D(2024, 2, 29), D(2024, 4, 15), (D(2023, 2, 28), D(2023, 4, 15))),
        (D(2025, 2, 28), D(2025, 3, 1), (D(2024, 2, 28), D(2024, 3, 1))),
        (D(2020, 2, 1), D(2021, 12, 31), (D(2019, 2, 1), D(2020, 12, 31))),  # Alpi's FSE period
    ],
)
def test_a_year_earlier(start, end, expected):
    assert comparison_period(start, end, "year") == expected


@pytest.mark.parametrize(("start", "end"), [(None, D(2024, 1, 31)), (D(2024, 1, 1), None), (None, None)])
def test_an_open_period_cannot_be_compared(start, end):
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        comparison_period(start, end, "previous")
    assert error.value.messages == [
        "Une période ouverte à l'une de ses extrémités ne peut pas être comparée : choisissez son premier et son "
        "dernier jour."
    ]


def test_unknown_mode_and_before_the_first_day():
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        comparison_period(D(2024, 1, 1), D(2024, 1, 31), "decade")
    assert "previous, year" in error.value.messages[0]
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        comparison_period(D(1900, 1, 1), D(1900, 12, 31), "previous")
    assert error.value.messages == ["La période de comparaison commencerait avant le 01/01/1900."]


def test_change():
    assert change(12, 10) == Change(2, 20.0)
    assert change(5, 10) == Change(-5, -50.0)
    assert change(3, 0) == Change(3, None)  # no percent of nothing
    assert change(3, None) == Change(None, None)
    assert change(None, 3) == Change(None, None)
    assert change(40.25, 40.0) == Change(0.2, 0.6)
    assert change(0.6, 0.55, share=True) == Change(5.0, None, True)  # points
    assert change(None, 0.5, share=True).difference is None
    assert change(7, 7).direction == "same"
    assert change(8, 7).direction == "up" and change(6, 7).direction == "down"
    assert change(None, 7).direction == ""


class Fake:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


def test_figures_change_reads_what_the_figures_have():
    now = Fake(people=12, women_share=0.5, activities={"workshop": 3}, journeys={"exits": 4, "autonomous_share": 0.8})
    before = Fake(people=8, women_share=None, activities={"workshop": 3}, journeys={"exits": 0})
    changes = figures_change(now, before, ["people", "women_share", "workshops", "journeys_exits",
                                           "journeys_autonomous_share", "profile_qpv_share"])  # fmt: skip
    assert changes["people"] == Change(4, 50.0)
    assert changes["women_share"] == Change(None, None, True)
    assert changes["workshops"] == Change(0, 0.0)
    assert changes["journeys_exits"] == Change(4, None)
    assert changes["journeys_autonomous_share"].difference is None  # missing before
    assert "profile_qpv_share" not in changes  # neither has it
    rows = compared_rows(now, before, [("women_share", "Femmes"), ("profile_qpv_share", "QPV")])
    assert rows == [("women_share", "Femmes", "50 %", "–", Change(None, None, True))]
