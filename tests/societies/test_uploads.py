"""The safe-upload rules every app uses: a hostile set refused or neutralised, with Chinese messages."""

import io

import pytest
from django import forms
from PIL import Image

from societies.framework.uploads import (
    SafeAttachmentField,
    SafeImagesField,
    SocietyUploadTo,
    clean_attachment,
    clean_image,
    make_thumbnail,
    original_name,
)
from tests import uploads


def test_clean_image_reencodes_png_and_renames():
    cleaned = clean_image(uploads.png("我的照片.png"))
    assert cleaned.name.endswith(".png") and "照片" not in cleaned.name
    assert Image.open(io.BytesIO(cleaned.read())).size == (64, 48)


def test_clean_image_jpeg_and_webp_accepted():
    assert clean_image(uploads.jpeg()).name.endswith(".jpg")
    assert clean_image(uploads.upload("x.webp", uploads.image_bytes("WEBP"))).name.endswith(".webp")


def test_polyglot_png_html_is_stripped():
    cleaned = clean_image(uploads.upload("poly.png", uploads.polyglot_png_html(), "image/png"))
    data = cleaned.read()
    assert b"<script" not in data and b"<html" not in data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.svg", uploads.SVG),
        ("page.html", uploads.HTML),
        ("page.jpg", uploads.HTML),  # renamed .html
        ("doc.png", uploads.pdf_bytes()),
        ("empty.png", b""),
    ],
)
def test_clean_image_refuses_non_images(name, data):
    with pytest.raises(forms.ValidationError) as exc:
        clean_image(uploads.upload(name, data, "image/png"))
    assert "不是 JPEG、PNG 或 WebP 图片" in str(exc.value.messages)


def test_clean_image_refuses_pixel_flood():
    with pytest.raises(forms.ValidationError) as exc:
        clean_image(uploads.upload("flood.png", uploads.pixel_flood_png(), "image/png"))
    assert exc.value.code == "too_many_pixels"
    assert "百万像素" in exc.value.messages[0]


def test_oversize_file_refused_with_chinese_message(settings):
    settings.UPLOAD_MAX_FILE_BYTES = 1024
    with pytest.raises(forms.ValidationError) as exc:
        clean_image(uploads.png(size=(400, 400), colour=(1, 2, 3)))
        clean_attachment(uploads.upload("big.pdf", uploads.pdf_bytes() + b"0" * 2048))
    assert "每个文件最大" in exc.value.messages[0]


@pytest.mark.parametrize(("kind", "extension"), [("docx", ".docx"), ("xlsx", ".xlsx")])
def test_clean_attachment_accepts_office_files_by_content(kind, extension):
    cleaned = clean_attachment(uploads.upload(f"报告{extension}", uploads.office_bytes(kind)))
    assert cleaned.name.endswith(extension) and "报告" not in cleaned.name


def test_clean_attachment_accepts_pdf_even_when_misnamed():
    assert clean_attachment(uploads.upload("receipt.txt", uploads.pdf_bytes())).name.endswith(".pdf")


@pytest.mark.parametrize(
    "data",
    [uploads.HTML, uploads.SVG, b"MZ\x90\x00executable", uploads.image_bytes("PNG"), b"PK\x03\x04not a zip"],
)
def test_clean_attachment_refuses_other_content(data):
    with pytest.raises(forms.ValidationError) as exc:
        clean_attachment(uploads.upload("file.pdf", data))
    assert "不是 PDF、Word（.docx）或 Excel（.xlsx）文件" in exc.value.messages[0]


def test_zip_without_office_parts_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.html", "<script></script>")
    with pytest.raises(forms.ValidationError):
        clean_attachment(uploads.upload("x.docx", out.getvalue()))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("../../etc/passwd", "passwd"), ("..\\..\\boot.ini", "boot.ini"), ("a<b>.pdf", "ab.pdf"), ("..", "file")],
)
def test_original_name_drops_directories(raw, expected):
    class Uploaded:
        name = raw

    assert original_name(Uploaded()) == expected


def test_upload_to_uses_server_name_and_society_folder():
    class Owner:
        society_id = 7

    path = SocietyUploadTo("photos")(Owner(), "../../x.html")
    assert path.startswith("photos/7/") and ".." not in path and not path.endswith(".html")


def test_images_field_request_total_limit(settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 100
    field = SafeImagesField(required=False)
    with pytest.raises(forms.ValidationError) as exc:
        field.clean([uploads.png(), uploads.png()])
    assert "一次最多" in exc.value.messages[0]


def test_images_field_cleans_each_file():
    assert len(SafeImagesField().clean([uploads.png(), uploads.jpeg()])) == 2


def test_attachment_field_keeps_original_name():
    cleaned = SafeAttachmentField().clean(uploads.upload("../发票.pdf", uploads.pdf_bytes()))
    assert cleaned.original_name == "发票.pdf"


def test_thumbnail_is_small_jpeg():
    thumb = make_thumbnail(clean_image(uploads.png(size=(2000, 1500))))
    assert Image.open(io.BytesIO(thumb.read())).size == (480, 360)


# --- PDFs with active content ----------------------------------------------------------------

SCRIPT = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        pytest.param(uploads.pdf_with_action(SCRIPT), "JavaScript", id="open-action-javascript"),
        pytest.param(
            uploads.pdf_with_action(b"<< /S /J#61vaScript /#4A#53 (app.alert\\(1\\)) >>"),
            "JavaScript",
            id="escaped-names",
        ),
        pytest.param(uploads.pdf_with_action(b"<< /S /Launch /F (cmd.exe) >>"), "启动程序", id="launch"),
        pytest.param(uploads.pdf_with_embedded_file(), "嵌入文件", id="embedded-file"),
        pytest.param(
            uploads.pdf_with_object_stream(b"<< /S /J#61vaScript /JS (app.alert\\(1\\)) >>"),
            "JavaScript",
            id="object-stream",
        ),
        pytest.param(
            uploads.build_pdf([b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /XFA 4 0 R >> >>", *uploads.PAGES, b"[]"]),
            "XFA",
            id="xfa",
        ),
    ],
)
def test_pdf_with_active_content_refused(data, what):
    with pytest.raises(forms.ValidationError) as exc:
        clean_attachment(uploads.upload("通知.pdf", data, "application/pdf"))
    assert exc.value.code == "pdf_active_content"
    message = exc.value.messages[0]
    assert "“通知.pdf”含有活动内容" in message and what in message


def test_object_stream_hides_the_script_from_a_byte_search():
    # What the object-stream case above proves: only parsing the compressed stream finds it.
    data = uploads.pdf_with_object_stream(SCRIPT)
    assert b"JavaScript" not in data and b"/JS" not in data


def test_plain_pdf_accepted_with_a_harmless_open_action():
    cleaned = clean_attachment(uploads.upload("计划.pdf", uploads.pdf_bytes(), "application/pdf"))
    assert cleaned.name.endswith(".pdf")
    harmless = uploads.pdf_with_object_stream(b"<< /S /GoTo /D [3 0 R /Fit] >>")
    assert clean_attachment(uploads.upload("计划.pdf", harmless, "application/pdf")).name.endswith(".pdf")


def test_pdf_with_an_attachment_added_by_a_real_writer_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("run.bat", b"echo hi")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(forms.ValidationError) as exc:
        clean_attachment(uploads.upload("plan.pdf", out.getvalue(), "application/pdf"))
    assert exc.value.code == "pdf_active_content" and "嵌入文件" in exc.value.messages[0]


def test_pdf_made_by_a_real_writer_accepted():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "年度科普工作计划"})
    out = io.BytesIO()
    writer.write(out)
    assert clean_attachment(uploads.upload("plan.pdf", out.getvalue(), "application/pdf")).name.endswith(".pdf")


def test_pdf_with_javascript_added_by_a_real_writer_refused():
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('hi');"))
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(forms.ValidationError) as exc:
        clean_attachment(uploads.upload("plan.pdf", out.getvalue(), "application/pdf"))
    assert exc.value.code == "pdf_active_content"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", b"%PDF-1.7\n" + b"\x00" * 200],
    ids=["no-xref", "garbage"],
)
def test_pdf_that_cannot_be_checked_refused(data):
    with pytest.raises(forms.ValidationError) as exc:
        clean_attachment(uploads.upload("坏文件.pdf", data, "application/pdf"))
    assert exc.value.code == "pdf_unreadable"
    assert "无法读取“坏文件.pdf”" in exc.value.messages[0]


def test_pdf_with_a_user_password_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(forms.ValidationError) as exc:
        clean_attachment(uploads.upload("加密.pdf", out.getvalue(), "application/pdf"))
    assert exc.value.code == "pdf_unreadable"


def test_pdf_with_only_an_owner_password_is_checked_and_accepted():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert clean_attachment(uploads.upload("受限.pdf", out.getvalue(), "application/pdf")).name.endswith(".pdf")
