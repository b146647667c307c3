"""Excel files for the import tests, filled in from the portal's own template."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook


def filled_template(client, template_url: str, rows: list[dict], *, keep_example: bool = False) -> bytes:
    """The template downloaded through ``client``, with ``rows`` (header → value) below the headers."""
    response = client.get(template_url)
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    if not keep_example:
        sheet.delete_rows(2)
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, f"not in the template: {unknown}"
        sheet.append([row.get(header, "") for header in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "rows.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
