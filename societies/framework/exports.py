"""Excel (xlsx) exports shared by every app: a workbook from headers and rows, as a download.

Values are written as they are: ``Decimal`` stays an exact number with two decimals shown, dates
are real dates, lazy translations become text. Used by the admin export actions of funding and
bases, and later by the dashboard.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
MONEY_FORMAT = "#,##0.00"


@dataclass
class Sheet:
    """One worksheet: a title (at most 31 characters), column headers and rows of values."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence]


def _cell_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | int | float | datetime.date):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return force_str(value)


def _display_width(value) -> int:
    text = str(value)
    # A CJK character is about two Latin characters wide.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def workbook_from_sheets(sheets: Sequence[Sheet]) -> Workbook:
    """A workbook with one sheet per ``Sheet``: bold shaded headers, frozen header row, sized columns."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=force_str(sheet.title)[:31])
        headers = [force_str(h) for h in sheet.headers]
        worksheet.append(headers)
        widths = [_display_width(h) for h in headers]
        for row_index, row in enumerate(sheet.rows, start=2):
            for index, value in enumerate((_cell_value(v) for v in row), start=1):
                cell = worksheet.cell(row=row_index, column=index, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text typed by a user is never a formula
                if index <= len(widths):
                    widths[index - 1] = max(widths[index - 1], min(_display_width(value), 60))
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center")
        for column in worksheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, Decimal):
                    cell.number_format = MONEY_FORMAT
                elif isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
        for index, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width + 2
        worksheet.freeze_panes = "A2"
    return workbook


def xlsx_response(*, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An attachment download of the workbook; ``filename`` may be Chinese (RFC 5987 encoded)."""
    buffer = io.BytesIO()
    workbook_from_sheets(sheets).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_single_response(*, filename: str, title: str, headers: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """The common case: one sheet."""
    return xlsx_response(filename=filename, sheets=[Sheet(title=title, headers=headers, rows=rows)])
