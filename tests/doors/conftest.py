"""Drive the same write through each door (page, API, import...) and compare what they answer.

A door is a callable ``door(structure, user, case) -> Outcome``; a case holds the inputs of one
write in each door's shape (``case.page`` = (path, form data), ``case.api`` = (method, path, json),
``case.rows`` = an import's rows...). Each conformance test is then a few lines: the same case through
every door it is offered on, the same outcome expected (accepted, or refused with the rule's message),
and the network's facts left as the records say (``facts_differences`` empty).
"""

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.api.conftest import api_client
from tests.cms.conftest import home, kit_index  # noqa: F401 (fixtures)
from tests.conftest import host_client
from tests.network.conftest import application, open_call, programme, today  # noqa: F401 (fixtures)
from training.facts import facts_differences


@dataclass
class Outcome:
    accepted: bool
    status: int
    text: str = ""

    def refused_with(self, message) -> bool:
        with translation.override("fr"):
            expected = str(message)
        return not self.accepted and expected in self.text


@dataclass
class Case:
    """One write, in the shape of each door that offers it."""

    page: tuple | None = None  # (path, data)
    api: tuple | None = None  # (method, path, json)
    rows: list[dict] | None = None  # an activities import
    extra: dict = field(default_factory=dict)  # host (the network's: "localhost"), import_kind


def _page_text(response) -> str:
    text = html.unescape(response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def page_door(structure, user, case: Case) -> Outcome:
    path, data = case.page
    response = host_client(case.extra.get("host") or structure.host, user).post(path, data)
    return Outcome(response.status_code == 302, response.status_code, _page_text(response))


def api_door(structure, user, case: Case) -> Outcome:
    cache.clear()
    method, path, payload = case.api
    client = api_client(case.extra.get("host") or structure.host, user)
    response = getattr(client, method)(path, data=json.dumps(payload), content_type="application/json")
    body = response.json() if response.content else {}
    text = " ".join([str(body.get("detail", ""))] + [e["message"] for e in body.get("errors", [])])
    return Outcome(200 <= response.status_code < 300, response.status_code, text)


def csv_upload(rows: list[dict]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("import.csv", out.getvalue().encode(), content_type="text/csv")


def import_door(structure, user, case: Case) -> Outcome:
    """The import page of the structure (managers), with a CSV of ``case.rows``."""
    response = host_client(structure.host, user).post(
        "/data/import/", {"kind": case.extra.get("import_kind", "activities"), "file": csv_upload(case.rows)}
    )
    return Outcome(response.status_code == 302, response.status_code, _page_text(response))


DOORS = {"page": page_door, "api": api_door, "import": import_door}


@pytest.fixture
def facts_clean():
    """``facts_clean(structure)`` asserts the network's facts match the structure's records."""

    def check(structure):
        assert facts_differences(structure) == {}

    return check
