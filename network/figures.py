"""The network's figures: ``figures.compute`` over the relays, plus the referents trained.

The referents trained are the one figure that is not an anonymous fact: they come from the
network's own trainings (``TrainingModule``, ``TrainingRegistration``).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models.expressions import RawSQL

from figures.compute import compute_figures
from network.models import TrainingModule, TrainingRegistration
from tenants.models import Structure


def relay_ids() -> list[int]:
    return list(Structure.objects.relays().values_list("pk", flat=True))


def referents_trained(structure_ids=None) -> dict[int, int]:
    """Referents who attended every required module, per structure."""
    required = set(TrainingModule.objects.filter(required=True).values_list("pk", flat=True))
    if not required:
        return {}
    qs = TrainingRegistration.objects.filter(status="attended", session__module_id__in=required)
    if structure_ids is not None:
        # One array parameter: 10,000 placeholders of ``IN (…)`` cost more than the figures themselves.
        qs = qs.filter(structure_id__in=RawSQL("SELECT unnest(%s::bigint[])", [list(structure_ids)]))
    modules_by_referent = defaultdict(set)
    for structure_id, referent_id, module_id in qs.values_list("structure_id", "referent_id", "session__module_id"):
        modules_by_referent[(structure_id, referent_id)].add(module_id)
    counts: Counter = Counter()
    for (structure_id, _referent), modules in modules_by_referent.items():
        if modules >= required:
            counts[structure_id] += 1
    return dict(counts)


# A list of structures this long may be every relay (checked by one query): the figures then read the network's
# totals. A shorter one reads its structures' rollups, fast enough (about 70 ms for 500 of 10,000 structures).
EVERY_RELAY_LIST = 500


def network_figures(*, structure_ids: Iterable[int] | None = None, **kwargs) -> dict:
    """``compute_figures`` for these structures (every relay when None), with the referents trained."""
    structure_ids = list(structure_ids) if structure_ids is not None else None
    relays = None
    if structure_ids is None or len(structure_ids) >= EVERY_RELAY_LIST:
        relays = relay_ids()
        if structure_ids is not None and set(structure_ids) == set(relays):
            # Every relay (only relays have facts): the network's totals of the rollups answer without reading
            # a row per structure (``figures.compute``).
            structure_ids = None
    scope = structure_ids if structure_ids is not None else relays
    return compute_figures(
        structure_ids=structure_ids, scope=scope, referents_trained=referents_trained(scope), **kwargs
    )
