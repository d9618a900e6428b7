"""Reads of kits: search and filters, usage across the network, feedback."""

from django.db import models

from cms.enums import DurationRange, KitSort
from cms.models import KitFeedback, KitPage


def activity_fact_model():
    """The network's anonymous activity facts (one row per activity, with the kit used), if installed."""
    try:
        from figures.models import ActivityFact
    except ImportError:
        return None
    return ActivityFact


def kit_search(
    *,
    queryset=None,
    q: str = "",
    theme: str = "",
    level: str = "",
    audience: str = "",
    duration: str = "",
    equipment: str = "",
    sort: str = "",
) -> list[KitPage]:
    """Published kits matching the filters, searched in French (stems, no accents).

    Without a search, kits are sorted by title unless another sort is asked for; with a
    search, by relevance.
    """
    kits = (queryset if queryset is not None else KitPage.objects.all()).live().public()
    if theme:
        kits = kits.filter(themes__contains=[theme])
    if level:
        kits = kits.filter(level=level)
    if audience:
        kits = kits.filter(audiences__contains=[audience])
    if equipment:
        kits = kits.filter(equipment__contains=[equipment])
    if duration:
        low, high = DurationRange(duration).bounds
        kits = kits.filter(duration_minutes__gte=low)
        if high is not None:
            kits = kits.filter(duration_minutes__lte=high)
    kits = kits.with_usage().with_rating()
    ranking: dict[int, int] | None = None
    if q.strip():
        matches = KitPage.objects.live().search(q.strip(), operator="and")
        ranking = {kit.pk: position for position, kit in enumerate(matches)}
        kits = kits.filter(pk__in=ranking)
    order = {
        KitSort.USE: ["-usage_count", "title"],
        KitSort.RATING: [models.F("rating_average").desc(nulls_last=True), "title"],
        KitSort.RECENT: [models.F("first_published_at").desc(nulls_last=True), "title"],
        KitSort.TITLE: ["title"],
    }.get(sort, ["title"])
    results = list(kits.order_by(*order))
    if ranking is not None and not sort:
        results.sort(key=lambda kit: ranking[kit.pk])
    return results


def kit_usage(*, kit: KitPage) -> dict:
    """How often the kit was used across the network, and by how many structures."""
    fact = activity_fact_model()
    if fact is None:
        return {"times": 0, "structures": 0}
    return fact.objects.filter(kit_id=kit.pk).aggregate(
        times=models.Count("*"), structures=models.Count("structure_id", distinct=True)
    )


def kit_network_feedback(*, kit: KitPage) -> dict:
    """Ratings and comments of every structure, for trainers: no person's name, no structure's name."""
    feedback = KitFeedback.objects.of_kit(kit)
    summary = feedback.aggregate(average=models.Avg("rating"), count=models.Count("*"))
    comments = list(feedback.exclude(comment="").values("rating", "comment", "created_at")[:50])
    return {**summary, "comments": comments}


def kit_feedback_of_structure(*, kit: KitPage, structure) -> list[KitFeedback]:
    return list(KitFeedback.objects.of_kit(kit).of_structure(structure).select_related("author"))


def kit_choices() -> list[tuple[int, str]]:
    """Published kits for a select when logging a workshop (the training app's activity form)."""
    return list(KitPage.objects.live().public().order_by("title").values_list("pk", "title"))
