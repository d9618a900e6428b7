"""CSV and XLSX downloads of any table, safe to open in a spreadsheet.

Cells that a spreadsheet would read as a formula (=, +, -, @, tab, CR) are prefixed with
an apostrophe: a hostile value typed in a form must not run in a coordinator's Excel.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)):
        return value
    if isinstance(value, (list, tuple)):
        value = "|".join(str(v) for v in value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_cell(value):
    """A cell for the French ";" CSV: decimals with a comma (French Excel reads "61.8" as text)."""
    value = safe_cell(value)
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    return value


def xlsx_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet as a coordinator would lay it out: bold header row, frozen, with a filter, columns to width."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    headers = [str(h) for h in headers]
    sheet.append(headers)
    widths = [len(h) for h in headers]
    for row in rows:
        cells = [safe_cell(v) for v in row]
        sheet.append(cells)
        for i, value in enumerate(cells[: len(widths)]):
            widths[i] = max(widths[i], len(value.strftime("%Y-%m-%d")) if isinstance(value, date) else len(str(value)))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    *, filename: str, headers: Sequence[str], rows: Iterable[Sequence], file_format: str = "csv"
) -> HttpResponse:
    """A download of ``rows`` as CSV (UTF-8 with BOM, ";" and decimal comma for French Excel) or XLSX."""
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(title=filename, headers=headers, rows=rows), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def requested_format(request) -> str:
    return "xlsx" if request.GET.get("format") == "xlsx" else "csv"
