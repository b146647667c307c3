"""The shared xlsx helper (societies.framework.exports): exact numbers, real dates, text never a
formula, Chinese file names."""

import datetime
import io
from decimal import Decimal

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from societies.framework.exports import Sheet, xlsx_response, xlsx_single_response


def test_single_sheet_values_and_formats():
    response = xlsx_single_response(
        filename="科普专项",
        title="专项",
        headers=["名称", gettext_lazy("Year"), "金额", "日期", "备注"],
        rows=[["=cmd|' /C calc'!A0", 2026, Decimal("1234.50"), datetime.date(2026, 1, 2), None]],
    )
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E7%A7%91%E6%99%AE%E4%B8%93%E9%A1%B9.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "专项" and sheet["B1"].value == "年度"
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=cmd")
    assert sheet["C2"].value == 1234.5 and sheet["C2"].number_format == "#,##0.00"
    assert sheet["D2"].value == datetime.datetime(2026, 1, 2) and sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["E2"].value is None and sheet.freeze_panes == "A2"


def test_several_sheets_and_long_titles_cut_to_31_characters():
    response = xlsx_response(filename="x.xlsx", sheets=[Sheet("一" * 40, ["a"], [[1]]), Sheet("二", ["b"], iter([]))])
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["一" * 31, "二"]
    assert workbook["二"].max_row == 1
