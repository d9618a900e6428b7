"""Exports read as a coordinator expects: labels not codes, French decimals, a laid-out XLSX."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from tenants.exports import table_response
from tests.training.conftest import workshop


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_activities_export_shows_labels_not_codes(manager_client_a, structure_a, manager_a, people_a):
    themes = ["securite_numerique", "email"]
    workshop(structure_a, manager_a, people=people_a[:1], themes=themes, equipment=["tablette"])
    header, row = rows_of(manager_client_a.get("/data/exports/activities/"))[:2]
    line = dict(zip(header, row, strict=True))
    assert line["Thématiques"] == "Sécurité numérique|E-mail"
    assert "securite_numerique" not in ";".join(row)
    assert line["Matériel"] == "Tablette"


def test_french_csv_has_decimal_commas_and_xlsx_is_laid_out():
    headers, rows = ["Structure", "Taux", "Nombre"], [["Lille", Decimal("61.8"), 3], ["Roubaix", 0.5, 12]]
    text = table_response(filename="t", headers=headers, rows=iter(rows)).content.decode("utf-8-sig")
    assert "Lille;61,8;3" in text and "Roubaix;0,5;12" in text

    xlsx = table_response(filename="t", headers=headers, rows=iter(rows), file_format="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.font.bold for c in sheet[1]] == [True, True, True]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    assert sheet.column_dimensions["A"].width >= len("Structure")
    assert sheet["B2"].value == 61.8
