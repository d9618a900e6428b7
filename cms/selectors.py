"""Reads of kits for other apps and views: a structure's feedback, the kits to pick from.

The kit index's search and a kit's usage are the page models' own (``KitPageQuerySet.matching``,
``KitPage.usage``), as in Wagtail's bakerydemo."""

from cms.models import KitFeedback, KitPage


def kit_feedback_of_structure(*, kit: KitPage, structure) -> list[KitFeedback]:
    return list(KitFeedback.objects.of_kit(kit).of_structure(structure).select_related("author"))


def kit_choices() -> list[tuple[int, str]]:
    """Published kits for a select when logging a workshop (the training app's activity form)."""
    return list(KitPage.objects.published().order_by("title").values_list("pk", "title"))


def kit_titles(ids) -> dict[int, str]:
    """Titles of these kits (published or not: an activity keeps the kit it was logged with)."""
    ids = [i for i in ids if i]
    if not ids:
        return {}
    return dict(KitPage.objects.filter(id__in=ids).values_list("id", "title"))
