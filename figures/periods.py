"""The one rule for a period of figures, used by the API, the dashboards and ``compute_figures``."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The figures' periods stay well inside the calendar, so that month arithmetic never overflows.
PERIOD_FIRST_DAY = datetime.date(1900, 1, 1)
PERIOD_LAST_DAY = datetime.date(2999, 12, 31)


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
