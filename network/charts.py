"""Data for the dashboard's charts, drawn as inline SVG or CSS bars (no script, no CDN)."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth

from figures.models import ActivityFact

PALETTE = ["#1d4f91", "#e07a10", "#1e7a46", "#b3261e", "#6b4fa0", "#00838f", "#8d6e00", "#5f6b7a"]


def bars(items) -> list[dict]:
    """``[(label, value)]`` with each bar's width relative to the largest value, in percent."""
    items = [(label, value or 0) for label, value in items]
    top = max((v for _l, v in items), default=0) or 1
    return [{"label": label, "value": value, "width": round(100 * value / top, 1)} for label, value in items]


def activity_by_month_and_structure(*, structure_ids=None, start=None, end=None, kinds=None) -> dict:
    """Activities per month and structure, and an SVG layout of stacked columns."""
    qs = ActivityFact.objects.all()
    if structure_ids is not None:
        qs = qs.filter(structure_id__in=structure_ids)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    data = list(
        qs.annotate(month=TruncMonth("date"))
        .values("month", "structure_id", "structure__name")
        .annotate(n=Count("id"))
        .order_by("month", "structure__name")
    )
    months = month_range(start, end, [row["month"] for row in data])
    structures = sorted({(row["structure__name"], row["structure_id"]) for row in data})
    colour = {sid: PALETTE[i % len(PALETTE)] for i, (_name, sid) in enumerate(structures)}
    table = {m: dict.fromkeys([sid for _n, sid in structures], 0) for m in months}
    for row in data:
        table[_first_of_month(row["month"])][row["structure_id"]] = row["n"]
    top = nice_top(max((sum(v.values()) for v in table.values()), default=0))
    height, width, left, head = 160, 28, 26, 12
    base = head + height
    columns = []
    for i, month in enumerate(months):
        y = base
        segments = []
        x = left + i * width + 4
        for _name, sid in structures:
            n = table[month][sid]
            if not n:
                continue
            h = height * n / top
            y -= h
            segments.append({"x": x, "y": round(y, 1), "h": round(h, 1), "colour": colour[sid], "n": n})
        total = sum(table[month].values())
        columns.append(
            {
                "month": month,
                "segments": segments,
                "x": x + (width - 8) / 2,
                "total": total,
                "total_y": round(y - 3, 1),
                "label": month.strftime("%m/%y"),
                "show_label": len(months) <= 18 or i % 2 == 0 or i == len(months) - 1,
            }
        )
    ticks = [{"value": v, "y": round(base - height * v / top, 1)} for v in sorted({0, top // 2, top})]
    return {
        "months": months,
        "structures": [{"name": name, "id": sid, "colour": colour[sid]} for name, sid in structures],
        "rows": [
            {"month": m, "counts": [table[m][sid] for _n, sid in structures], "total": sum(table[m].values())}
            for m in months
        ],  # fmt: skip
        "columns": columns,
        "ticks": ticks,
        "left": left,
        "base": base,
        "width": max(left + len(months) * width + 8, 100),
        "height": height,
        "total_height": base + 16,
        "bar_width": width - 8,
        "top": top,
    }


def _first_of_month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.replace(day=1)


def month_range(start, end, seen) -> list[datetime.date]:
    """Every month of the period, the empty ones included (from the data's first month if no start is given)."""
    seen = [_first_of_month(m) for m in seen if m]
    first = _first_of_month(start) if start else min(seen, default=None)
    last = _first_of_month(end) if end else max(seen, default=None)
    if first is None or last is None or last < first:
        return sorted(set(seen))
    months, month = [], first
    while month <= last and len(months) < 240:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def nice_top(value: int) -> int:
    """A round top for the axis, at or above ``value``."""
    if value <= 4:
        return max(value + value % 2, 1) if value != 1 else 1
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return value
