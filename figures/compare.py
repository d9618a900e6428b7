"""Figures compared with another period's: the scalar figures and their change, in one place.

The dashboards, the funder report and the ``stats/`` endpoints read the same list (``COMPARED``), the
same values (``compared_value``) and the same change (``change``), so they always agree. The period
compared with comes from ``figures.periods.comparison_period``.
"""

from dataclasses import dataclass

# Scalar figures compared: key -> (path in the ``Figures`` object, is a share 0–1).
# ``journeys`` and ``profile`` are read only when the figures have them.
COMPARED: dict[str, tuple[str, bool]] = {
    "structures": ("structures", False),
    "referents_trained": ("referents_trained", False),
    "sessions": ("sessions", False),
    "workshops": ("activities.workshop", False),
    "dropins": ("activities.dropin", False),
    "workshops_and_dropins": ("workshops_and_dropins", False),
    "courses": ("courses.total", False),
    "courses_computer": ("courses.computer", False),
    "courses_tablet": ("courses.tablet", False),
    "course_sessions": ("activities.course_session", False),
    "awareness": ("activities.awareness", False),
    "activities": ("activities.total", False),
    "people": ("people", False),
    "people_followed": ("people_followed", False),
    "people_anonymous": ("people_anonymous", False),
    "people_in_courses": ("people_in_courses", False),
    "completion_rate": ("completion_rate", True),
    "women_share": ("women_share", True),
    "mean_age": ("mean_age", False),
    "mean_age_excluded": ("mean_age_excluded", False),
    "hours": ("hours", False),
    "journeys_referred": ("journeys.referred", False),
    "journeys_exits": ("journeys.exits", False),
    "journeys_autonomous_share": ("journeys.autonomous_share", True),
    "profile_qpv_share": ("profile.qpv_share", True),
}

MISSING = object()


def compared_value(figures, key: str):
    """The figure ``key`` of these figures; ``MISSING`` when they do not have it (e.g. no journeys)."""
    value = figures
    for part in COMPARED[key][0].split("."):
        if isinstance(value, dict):
            value = value.get(part, MISSING)
        else:
            value = getattr(value, part, MISSING)
        if value is MISSING:
            return MISSING
    return value


@dataclass(frozen=True)
class Change:
    """A figure's change from the previous period.

    ``difference``: the absolute difference (for a share, the difference in percentage points);
    ``percent``: the change in percent of the previous value (None for a share, or when the previous
    value is 0 or unknown). Both None when either value is unknown.
    """

    difference: float | int | None
    percent: float | None
    points: bool = False

    @property
    def direction(self) -> str:
        """ "up", "down", "same" or "" (unknown)."""
        if self.difference is None:
            return ""
        return "up" if self.difference > 0 else "down" if self.difference < 0 else "same"

    @property
    def magnitude(self):
        return None if self.difference is None else abs(self.difference)

    @property
    def percent_magnitude(self):
        return None if self.percent is None else abs(self.percent)

    def as_dict(self) -> dict:
        return {"difference": self.difference, "percent": self.percent}


def change(current, previous, *, share: bool = False) -> Change:
    """The change from ``previous`` to ``current`` (numbers, or shares 0–1 when ``share``)."""
    if current is None or previous is None or current is MISSING or previous is MISSING:
        return Change(None, None, share)
    if share:
        return Change(round(100 * (float(current) - float(previous)), 1), None, True)
    difference = current - previous
    if isinstance(difference, float):
        difference = round(difference, 1)
    percent = round(100 * (float(current) - float(previous)) / float(previous), 1) if previous else None
    return Change(difference, percent, False)


def figures_change(current, previous, keys=None) -> dict[str, Change]:
    """The change of each scalar figure (``keys``, by default all of ``COMPARED`` the figures have)."""
    changes = {}
    for key in keys or COMPARED:
        now, before = compared_value(current, key), compared_value(previous, key)
        if now is MISSING and before is MISSING:
            continue
        changes[key] = change(now, before, share=COMPARED[key][1])
    return changes


def display(value, *, share: bool = False):
    """A compared figure as the pages show it: a share in percent, "–" when unknown."""
    if value is None or value is MISSING:
        return "–"
    return f"{round(100 * value)} %" if share else value


def compared_rows(current, previous, items) -> list[tuple]:
    """(key, label, value, previous value, ``Change``) for each (key, label) of ``items`` the figures have."""
    changes = figures_change(current, previous, [key for key, _label in items])
    return [
        (key, label, display(compared_value(current, key), share=COMPARED[key][1]),
         display(compared_value(previous, key), share=COMPARED[key][1]), changes[key])
        for key, label in items
        if key in changes
    ]  # fmt: skip
