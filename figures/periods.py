"""The one rule for a period of figures, used by the API, the dashboards and ``compute_figures``."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

# The figures' periods stay well inside the calendar, so that month arithmetic never overflows.
PERIOD_FIRST_DAY = datetime.date(1900, 1, 1)
PERIOD_LAST_DAY = datetime.date(2999, 12, 31)
ONE_DAY = datetime.timedelta(days=1)


def period_check(start: datetime.date | None, end: datetime.date | None) -> None:
    """The one rule for a period of figures (API, dashboards, compute_figures): ``start``/``end`` errors."""
    errors = {}
    message = _("Choose a date between %(first)s and %(last)s.") % {
        "first": PERIOD_FIRST_DAY.strftime("%d/%m/%Y"),
        "last": PERIOD_LAST_DAY.strftime("%d/%m/%Y"),
    }
    for name, day in (("start", start), ("end", end)):
        if day is not None and not PERIOD_FIRST_DAY <= day <= PERIOD_LAST_DAY:
            errors[name] = message
    if errors:
        raise ValidationError(errors)


class CompareMode(models.TextChoices):
    """What a period's figures are compared with (dashboards, funder report, ``stats/``)."""

    PREVIOUS = "previous", _l("Previous period")
    YEAR = "year", _l("Same period a year earlier")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s month (``day`` is a first of the month)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _year_earlier(day: datetime.date) -> datetime.date:
    if day.month == 2 and day.day == 29:
        return day.replace(year=day.year - 1, day=28)
    return day.replace(year=day.year - 1)


def comparison_period(
    start: datetime.date | None, end: datetime.date | None, mode: str
) -> tuple[datetime.date, datetime.date]:
    """The one rule for the period a period's figures are compared with.

    ``previous``: the period of the same length just before. Whole calendar months (a month, a quarter, a
    year…) give the same number of whole months before; other periods the same number of days, ending
    the day before ``start``. ``year``: the same dates a year earlier (29 February gives 28 February).
    A period open at either end cannot be compared (``ValidationError``).
    """
    if mode not in CompareMode.values:
        raise ValidationError(
            _("Choose what to compare with: %(choices)s.") % {"choices": ", ".join(CompareMode.values)},
            code="invalid_choice",
        )
    if start is None or end is None:
        raise ValidationError(
            _("A period open at either end cannot be compared: choose its first and its last day."), code="open"
        )
    if mode == CompareMode.YEAR:
        first, last = _year_earlier(start), _year_earlier(end)
    elif start.day == 1 and (end + ONE_DAY).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first, last = _add_months(start, -months), start - ONE_DAY
    else:
        last = start - ONE_DAY
        first = last - (end - start)
    if first < PERIOD_FIRST_DAY:
        raise ValidationError(
            _("The period compared with would start before %(first)s.")
            % {"first": PERIOD_FIRST_DAY.strftime("%d/%m/%Y")},
            code="too_early",
        )
    return first, last
