"""Importing the volunteer roster from Excel, and (staff) societies with their secretaries."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from societies.choices import Role
from societies.framework.outbox import OutboxEmail
from societies.models import Society, User, Volunteer
from tests.factories import VolunteerFactory
from tests.imports import filled_template, upload

pytestmark = pytest.mark.django_db

IMPORT = reverse("societies:volunteer_import")
TEMPLATE = reverse("societies:volunteer_import_template")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def person(name, **more):
    return {"姓名": name, **more}


def test_template_has_chinese_headers_example_and_drop_downs(client_a):
    workbook = load_workbook(io.BytesIO(client_a.get(TEMPLATE).content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]][:3] == ["姓名", "科普专家", "职业"]
    assert sheet["A2"].value == "张三"
    validations = sheet.data_validations.dataValidation
    assert any("B2" in str(v.sqref) for v in validations)  # 是/否 drop-down on the expert column
    assert workbook.sheetnames[1:] == ["可选值", "填写说明"]


def test_good_file_previews_then_saves_all(client_a, society_a, secretary_a):
    data = filled_template(
        client_a, TEMPLATE, [{"姓名": "李雷", "科普专家": "是", "电话": "13800000001"}, {"姓名": "韩梅梅"}]
    )
    response = client_a.post(IMPORT, {"file": upload(data)})
    page = response.content.decode()
    assert response.status_code == 200 and "李雷" in page and "韩梅梅" in page
    assert not Volunteer.objects.exists()  # the preview saves nothing
    response = client_a.post(IMPORT, {"confirm": "1"})
    assert response.status_code == 302
    rows = {v.name: v for v in Volunteer.objects.all()}
    assert set(rows) == {"李雷", "韩梅梅"} and rows["李雷"].is_expert and rows["李雷"].society == society_a
    assert rows["李雷"].history.first().history_user == secretary_a


def test_one_bad_row_saves_nothing_and_is_named(client_a):
    data = filled_template(
        client_a, TEMPLATE, [{"姓名": "甲"}, {"姓名": "乙", "加入日期": "明天"}, {"姓名": "丙", "科普专家": "也许"}]
    )
    page = client_a.post(IMPORT, {"file": upload(data)}).content.decode()
    assert "第 3 行 加入日期：" in page
    assert "第 4 行 科普专家：" in page
    client_a.post(IMPORT, {"confirm": "1"})  # no stored file: refused
    assert not Volunteer.objects.exists()


def test_duplicates_are_flagged_and_skipped_only_on_request(client_a, society_a):
    VolunteerFactory(society=society_a, name="老王", phone="138-0000-0002")
    rows = [
        {"姓名": "王五", "电话": "13800000002"},
        {"姓名": "赵六", "电话": "139 0000 0003"},
        {"姓名": "赵六", "电话": "13900000003"},
    ]
    data = filled_template(client_a, TEMPLATE, rows)
    page = client_a.post(IMPORT, {"file": upload(data)}).content.decode()
    assert "已保存过" in page and "与第 3 行相同" in page
    client_a.post(IMPORT, {"confirm": "1", "skip_duplicates": "on"})
    assert sorted(Volunteer.objects.values_list("name", flat=True)) == ["老王", "赵六"]
    # Not asked to skip: the duplicates are saved too.
    client_a.post(IMPORT, {"file": upload(data)})
    client_a.post(IMPORT, {"confirm": "1"})
    assert Volunteer.objects.count() == 5


def test_not_an_xlsx_is_refused(client_a):
    page = client_a.post(IMPORT, {"file": upload(b"name,phone\n", "list.xlsx")}).content.decode()
    assert "不是 Excel 工作簿" in page


def test_too_many_rows_are_refused(client_a, settings):
    settings.IMPORT_MAX_ROWS = 2
    data = filled_template(client_a, TEMPLATE, [{"姓名": f"人{i}"} for i in range(3)])
    page = client_a.post(IMPORT, {"file": upload(data)}).content.decode()
    assert "最多 2 行" in page
    assert not Volunteer.objects.exists()


def test_confirm_reads_the_stored_file_not_the_request(client_a, client_b, society_b):
    data = filled_template(client_a, TEMPLATE, [{"姓名": "甲"}])
    client_a.post(IMPORT, {"file": upload(data)})
    client_b.post(IMPORT, {"confirm": "1"})  # another secretary's session has no file
    assert not Volunteer.objects.exists()
    client_a.post(IMPORT, {"confirm": "1", "society": society_b.pk})
    assert Volunteer.objects.get().society != society_b


def test_import_pages_are_for_secretaries(staff_client):
    assert staff_client.get(IMPORT).status_code == 403
    assert staff_client.get(TEMPLATE).status_code == 403


SOCIETY_IMPORT = reverse("admin:societies_society_import")
SOCIETY_TEMPLATE = reverse("admin:societies_society_import_template")


def society_row(name, username, **more):
    return {
        "名称": name,
        "学科类别": "理科",
        "级别": "自治区级",
        "所在市": "南宁市",
        "秘书用户名": username,
        "秘书邮箱": f"{username}@example.org",
        **more,
    }


def test_staff_import_societies_and_secretaries_with_password_email(staff_client, society_a):
    rows = [society_row("广西新学会", "xin_mishu", **{"秘书姓名": "周七"}), society_row(society_a.name, "dup_mishu")]
    data = filled_template(staff_client, SOCIETY_TEMPLATE, rows)
    page = staff_client.post(SOCIETY_IMPORT, {"file": upload(data)}).content.decode()
    assert "已保存过" in page
    staff_client.post(SOCIETY_IMPORT, {"confirm": "1"})  # duplicates must be left out
    assert not Society.objects.filter(name="广西新学会").exists()
    staff_client.post(SOCIETY_IMPORT, {"confirm": "1", "skip_duplicates": "on"})
    society = Society.objects.get(name="广西新学会")
    user = User.objects.get(username="xin_mishu")
    assert user.society == society and user.role == Role.SECRETARY and not user.has_usable_password()
    assert OutboxEmail.objects.filter(kind="account_created", to=["xin_mishu@example.org"]).count() == 1
    assert not User.objects.filter(username="dup_mishu").exists()


def test_staff_import_refuses_taken_user_name(staff_client, secretary_a):
    data = filled_template(staff_client, SOCIETY_TEMPLATE, [society_row("广西另一学会", secretary_a.username)])
    page = staff_client.post(SOCIETY_IMPORT, {"file": upload(data)}).content.decode()
    assert "第 2 行 秘书用户名：" in page
    staff_client.post(SOCIETY_IMPORT, {"confirm": "1"})
    assert not Society.objects.filter(name="广西另一学会").exists()


def test_society_import_is_for_staff(reviewer_client, client_a):
    assert reviewer_client.get(SOCIETY_IMPORT).status_code == 403
    assert client_a.get(SOCIETY_IMPORT).status_code == 302


def test_too_big_a_file_is_refused_before_reading(client_a, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    page = client_a.post(IMPORT, {"file": upload(b"PK\x03\x04" + b"0" * 2000)}).content.decode()
    assert "文件最大" in page and "此文件为" in page
    assert not Volunteer.objects.exists()
