"""Data for the dashboard's charts, drawn as inline SVG or CSS bars (no script, no CDN)."""

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
    months = sorted({row["month"] for row in data})
    structures = sorted({(row["structure__name"], row["structure_id"]) for row in data})
    colour = {sid: PALETTE[i % len(PALETTE)] for i, (_name, sid) in enumerate(structures)}
    table = {m: dict.fromkeys([sid for _n, sid in structures], 0) for m in months}
    for row in data:
        table[row["month"]][row["structure_id"]] = row["n"]
    top = max((sum(v.values()) for v in table.values()), default=0) or 1
    height, width = 160, 28
    columns = []
    for i, month in enumerate(months):
        y = height
        segments = []
        for _name, sid in structures:
            n = table[month][sid]
            if not n:
                continue
            h = height * n / top
            y -= h
            segments.append({"x": i * width + 4, "y": round(y, 1), "h": round(h, 1), "colour": colour[sid], "n": n})
        columns.append({"month": month, "segments": segments, "x": i * width + 4 + (width - 8) / 2})
    return {
        "months": months,
        "structures": [{"name": name, "id": sid, "colour": colour[sid]} for name, sid in structures],
        "rows": [
            {"month": m, "counts": [table[m][sid] for _n, sid in structures], "total": sum(table[m].values())}
            for m in months
        ],  # fmt: skip
        "columns": columns,
        "width": max(len(months) * width + 8, 100),
        "height": height,
        "bar_width": width - 8,
        "top": top,
    }
