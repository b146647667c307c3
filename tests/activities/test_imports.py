"""Importing activities from Excel: drafts of the secretary's own society, all rows or none,
duplicates (same title and start date) flagged, and 5,000 rows previewed within 10 seconds."""

import datetime
import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity, Theme
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory, ExpertFactory
from tests.imports import filled_template, upload

pytestmark = pytest.mark.django_db

IMPORT = reverse("activities:activity_import")
TEMPLATE = reverse("activities:activity_import_template")


def activity(title, **more):
    return {
        "活动名称": title,
        "简介": "讲解生活中的力学现象。",
        "开始日期": "2026-05-30",
        "所在市": "南宁市",
        "活动场景": "进学校",
        **more,
    }


def test_template_offers_drop_downs_for_coded_columns(client_a, society_a):
    ExpertFactory(society=society_a, name="钱专家")
    workbook = load_workbook(io.BytesIO(client_a.get(TEMPLATE).content))
    sheet, choices = workbook.worksheets[0], workbook.worksheets[1]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["活动名称", "简介", "开始日期"]
    lists = {
        choices.cell(row=1, column=c).value: [
            r[0] for r in choices.iter_rows(min_row=2, min_col=c, max_col=c, values_only=True) if r[0]
        ]
        for c in range(1, choices.max_column + 1)
    }
    assert "进学校" in lists["活动场景"] and "南宁市" in lists["所在市"]
    assert "双碳" in lists["科普主题"] and lists["审核专家"] == ["钱专家"]
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    setting_column = headers.index("活动场景") + 1
    assert f"{sheet.cell(row=2, column=setting_column).column_letter}2" in validated


def test_good_file_saves_drafts_of_own_society(client_a, society_a, secretary_a):
    ExpertFactory(society=society_a, name="钱专家")
    rows = [
        activity("走进校园", **{"科普主题": "双碳、食品安全", "线下参与人次": 300, "审核专家": "钱专家"}),
        activity("乡村讲座", **{"开始日期": "2026-06-01", "结束日期": "2026-06-02", "活动场景": "进乡村"}),
    ]
    data = filled_template(client_a, TEMPLATE, rows)
    page = client_a.post(IMPORT, {"file": upload(data)}).content.decode()
    assert "走进校园" in page and "双碳、食品安全" in page and not Activity.objects.exists()
    assert client_a.post(IMPORT, {"confirm": "1"}).status_code == 302
    saved = {a.title: a for a in Activity.objects.all()}
    assert set(saved) == {"走进校园", "乡村讲座"}
    first = saved["走进校园"]
    assert first.society == society_a and first.status == FilingStatus.DRAFT and first.year == 2026
    assert first.end_date == first.start_date and first.offline_attendance == 300
    assert set(first.themes.values_list("name", flat=True)) == {"双碳", "食品安全"}
    assert first.content_reviewer.name == "钱专家"
    assert saved["乡村讲座"].setting == "village"
    assert first.history.first().history_user == secretary_a


def test_one_bad_row_saves_nothing_and_names_row_and_column(client_a):
    rows = [
        activity("甲"),
        activity("乙"),
        activity("丙", **{"开始日期": "5月30日"}),
        activity("丁", **{"科普主题": "不存在的主题"}),
    ]
    page = client_a.post(IMPORT, {"file": upload(filled_template(client_a, TEMPLATE, rows))}).content.decode()
    assert "第 4 行 开始日期：“5月30日”不是日期" in page
    assert "第 5 行 科普主题：“不存在的主题”不在" in page
    client_a.post(IMPORT, {"confirm": "1"})
    assert not Activity.objects.exists()


def test_society_and_status_never_come_from_the_file(client_a, society_a):
    data = filled_template(client_a, TEMPLATE, [activity("甲")])
    with_extra = load_workbook(io.BytesIO(data))
    sheet = with_extra.worksheets[0]
    sheet.cell(row=1, column=sheet.max_column + 1, value="状态")
    out = io.BytesIO()
    with_extra.save(out)
    page = client_a.post(IMPORT, {"file": upload(out.getvalue())}).content.decode()
    assert "多出的列：状态" in page


def test_duplicates_flagged_and_skipped_on_request(client_a, society_a):
    ActivityFactory(society=society_a, title="走进校园", start_date=datetime.date(2026, 5, 30))
    rows = [activity("走进校园"), activity("新活动"), activity("新活动")]
    page = client_a.post(IMPORT, {"file": upload(filled_template(client_a, TEMPLATE, rows))}).content.decode()
    assert "已保存过" in page and "与第 3 行相同" in page
    client_a.post(IMPORT, {"confirm": "1", "skip_duplicates": "on"})
    assert Activity.objects.filter(title="新活动").count() == 1
    assert Activity.objects.filter(title="走进校园").count() == 1


def test_five_thousand_rows_preview_within_ten_seconds(client_a, society_a, settings):
    themes = list(Theme.objects.values_list("name", flat=True)[:3])
    rows = [
        activity(
            f"科普活动{i}",
            **{
                "科普主题": "、".join(themes[: 1 + i % 3]),
                "线下参与人次": i,
                "开始日期": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
            },
        )
        for i in range(5000)
    ]
    data = filled_template(client_a, TEMPLATE, rows)
    started = time.monotonic()
    response = client_a.post(IMPORT, {"file": upload(data)})
    seconds = time.monotonic() - started
    assert response.status_code == 200 and "共 5000 行可以保存" in response.content.decode()
    assert seconds < 10, f"5,000 rows previewed in {seconds:.1f} s"
    print(f"\n5,000 activities previewed in {seconds:.2f} s")
    started = time.monotonic()
    client_a.post(IMPORT, {"confirm": "1"})
    print(f"5,000 activities saved in {time.monotonic() - started:.2f} s")
    assert Activity.objects.filter(society=society_a).count() == 5000
