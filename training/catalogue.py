"""Where the workspace reads the catalogue of the network's referent trainings (modules, sessions).

The catalogue belongs to the network, which sits above the workspace: it registers its readers here
through ``training.gateway.register_training_catalogue`` (from ``NetworkConfig.ready``).
"""

from collections.abc import Callable

_readers: dict[str, Callable] = {}


def register(*, modules: Callable[[], dict[int, tuple[str, bool]]], session_labels: Callable[[list], dict[int, str]]):
    """``modules()``: module id → (title, required); ``session_labels(ids)``: session id → label."""
    _readers["modules"] = modules
    _readers["session_labels"] = session_labels


def training_modules() -> dict[int, tuple[str, bool]]:
    """The network's referent-training modules by id: (title, required); empty when none is registered."""
    modules = _readers.get("modules")
    return modules() if modules else {}


def training_session_labels(session_ids) -> dict[int, str]:
    labels = _readers.get("session_labels")
    return labels(list(session_ids)) if labels else {}
