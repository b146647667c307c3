"""Import from Excel: a template to fill in, a preview of every row, then all rows or none.

Built on django-import-export: each kind of import is a ``ImportResource`` whose columns are
declared once (``Column``: the model field, its widget, whether it is required, an example and,
for coded columns, the list the template offers as a drop-down). From that one declaration come
the template (Chinese headers, an example row, drop-down lists, a sheet of explanations), the
parsing (the library's widgets and row workflow, ``full_clean`` on each instance) and the preview.

Flow (``societies.framework.import_views``): upload → ``read_workbook`` checks that the file is an xlsx
within the size and row limits → ``ImportResource.preview`` parses every row without writing
and reports each problem by row and column ("第 7 行 开始日期：…") and each duplicate → the
secretary confirms → the same stored file is parsed again and, only if no row has a problem,
``ImportResource.commit`` writes every row in one transaction (bulk inserts with their history
rows). Nothing is half-saved: the library only parses and validates (``save_instance`` writes
nothing), so a preview costs no write at all.

Society, status and reviewer fields never come from the file: the resource sets the society
from the signed-in user, and new filings are drafts.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields as ie_fields
from import_export import resources, widgets
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history

from .uploads import XLSX, attachment_kind, original_name

XLSX_TYPE = XLSX.content_type
# An unpacked workbook bigger than this is a zip bomb, not a roster.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
SPLIT = re.compile(r"[、,，;；\n]+")
YES = {"是", "yes", "y", "true", "1", "√", "✓", "有"}
NO = {"否", "no", "n", "false", "0", "", "无"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    return str(value).strip()


# --- widgets: cell → value, with Chinese messages ------------------------------------------------


class TextWidget(widgets.Widget):
    def __init__(self, max_length: int | None = None):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(
                _("At most %(n)d characters; this has %(count)d.") % {"n": self.max_length, "count": len(text)}
            )
        return text

    def display(self, value) -> str:
        return _text(value)


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value).replace(",", "")
        if text == "":
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text}) from None
        if number != number.to_integral_value() or number < 0:
            raise ValueError(_("“%(value)s” is not a whole number of 0 or more.") % {"value": text})
        return int(number)

    def display(self, value) -> str:
        return "" if value is None else f"{value:,}"


class DateWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if text == "":
            return None
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date; write it as 2026-05-30.") % {"value": text})

    def display(self, value) -> str:
        return value.isoformat() if value else ""


class BooleanWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("Write 是 or 否, not “%(value)s”.") % {"value": _text(value)})

    def labels(self) -> list[str]:
        return ["是", "否"]

    def display(self, value) -> str:
        return "是" if value else "否"


class ChoiceWidget(widgets.Widget):
    """A coded column: the cell holds a label of the choices (the drop-down list), or the code."""

    def __init__(self, choices):
        super().__init__()
        # Labels resolved once, in the language the resource is built in (Chinese): a lazy label
        # costs a catalogue lookup each time, and 5,000 rows make hundreds of thousands of them.
        pairs = [(str(value), str(label)) for value, label in choices]
        self.by_label = {label: value for value, label in pairs} | {value: value for value, label in pairs if value}
        self.by_value = dict(pairs)
        self._labels = [label for value, label in pairs if value != ""]

    def labels(self) -> list[str]:
        return self._labels

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text == "":
            return None
        by_label = self.by_label
        if text not in by_label:
            raise ValueError(
                _("“%(value)s” is not one of the choices (%(choices)s).")
                % {"value": text, "choices": "、".join(self.labels())}
            )
        return by_label[text]

    def display(self, value) -> str:
        return self.by_value.get(value, value or "")


class LookupWidget(widgets.Widget):
    """One row of a related list by its name (an expert of the roster…); names loaded once."""

    def __init__(self, by_name: dict[str, Any], what: str):
        super().__init__()
        self.by_name, self.what = by_name, what

    def labels(self) -> list[str]:
        return list(self.by_name)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text == "":
            return None
        if text not in self.by_name:
            raise ValueError(_("“%(value)s” is not among %(what)s.") % {"value": text, "what": self.what})
        return self.by_name[text]

    def display(self, value) -> str:
        return str(value) if value is not None else ""


class NamesWidget(LookupWidget):
    """Several names in one cell, separated by 、 or commas (themes, co-organisers…)."""

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in SPLIT.split(_text(value)) if name.strip()]
        unknown = [name for name in names if name not in self.by_name]
        if unknown:
            raise ValueError(_("“%(value)s” is not among %(what)s.") % {"value": "、".join(unknown), "what": self.what})
        return list(dict.fromkeys(self.by_name[name] for name in names))

    def display(self, value) -> str:
        return "、".join(str(item) for item in value or [])


# --- columns and the resource -------------------------------------------------------------------


@dataclass
class Column:
    """One column of an import file. ``field`` is the model attribute; the header is the field's
    Chinese name unless ``header`` says otherwise. A coded column's widget gives the drop-down."""

    field: str
    widget: widgets.Widget = field(default_factory=TextWidget)
    required: bool = False
    example: Any = ""
    header: str = ""
    note: Any = ""
    many: bool = False  # a many-to-many field: saved after the row, from a list
    width: int = 16


@dataclass
class PreviewRow:
    number: int  # the row's number in the workbook, as Excel shows it
    cells: list[str]
    problems: list[str]
    duplicate: str = ""
    instance: Any = None
    many: dict = field(default_factory=dict)


@dataclass
class Preview:
    headers: list[str]
    rows: list[PreviewRow]
    problems: list[str]  # every problem, "第 7 行 开始日期：…", file-level ones first

    @property
    def duplicates(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.duplicate]

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def table_rows(self) -> str:
        """The rows of the preview table as HTML, every cell escaped. Built here rather than in the
        template: 5,000 rows of 30 cells took Django's template engine 3.5 s, this takes 0.2 s."""
        problem, duplicate, ok = _("Problem"), _("Duplicate"), _("OK")
        lines = []
        for row in self.rows:
            css = ' class="table-danger"' if row.problems else ' class="table-warning"' if row.duplicate else ""
            check = problem if row.problems else f"{duplicate}: {row.duplicate}" if row.duplicate else ok
            cells = "".join(f"<td>{escape(cell)}</td>" for cell in row.cells)
            lines.append(f'<tr{css}><th scope="row">{row.number}</th>{cells}<td>{escape(check)}</td></tr>')
        return mark_safe("\n".join(lines))  # noqa: S308 — every value above is escaped


class ImportRefused(Exception):
    """The file as a whole cannot be imported (not an xlsx, too big, wrong headers…)."""


def _in_chinese():
    return translation.override(settings.LANGUAGE_CODE)


class ImportResource(resources.ModelResource):
    """One kind of import. Subclasses set ``Meta.model``, ``title`` and ``columns(…)``."""

    title = ""
    sheet_title = gettext_lazy("Data")
    # True where a duplicate cannot be saved at all (a unique name): confirming then needs "leave them out".
    duplicates_must_be_skipped = False

    class Meta:
        fields = ()
        force_init_instance = True  # every row is new: no lookup query per row
        skip_diff = True
        clean_model_instances = True
        store_instance = True
        use_transactions = False

    def __init__(self, *, user, society=None):
        super().__init__()
        self.user, self.society = user, society
        with _in_chinese():
            self.column_list = self.columns()
            for column in self.column_list:
                if not column.header:
                    column.header = str(self._meta.model._meta.get_field(column.field).verbose_name)
                self.fields[column.field] = ie_fields.Field(
                    attribute=column.field,
                    column_name=column.header,
                    widget=column.widget,
                    saves_null_values=False,  # an empty cell leaves the model's default
                )

    # What a subclass declares --------------------------------------------------------------

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def prepare(self, instance) -> None:
        """Set what never comes from the file (the society…) on a new instance."""
        instance.society = self.society

    def row_problems(self, instance, many: dict) -> dict[str, list[str]]:
        """Checks across columns that the model's ``clean`` does not make; field → messages."""
        return {}

    def duplicate_keys(self, instance) -> list:
        """What makes two rows the same record: rows sharing any of these keys are duplicates."""
        return []

    def existing_keys(self) -> set:
        """The duplicate keys of the records already saved (one query)."""
        return set()

    def save_rows(self, rows: list[PreviewRow]) -> list:
        """Write the rows' instances (and their many-to-many lists) in bulk, with history."""
        model = self._meta.model
        instances = [row.instance for row in rows]
        created = bulk_create_with_history(
            instances, model, batch_size=500, default_user=self.user, default_change_reason=_("Imported from Excel")
        )
        for column in self.column_list:
            if not column.many:
                continue
            through = getattr(model, column.field).through
            source = f"{model._meta.model_name}_id"
            target = f"{getattr(model, column.field).field.related_model._meta.model_name}_id"
            links = [
                through(**{source: obj.pk, target: related.pk})
                for obj, row in zip(created, rows, strict=True)
                for related in row.many.get(column.field, [])
            ]
            through.objects.bulk_create(links, batch_size=1000)
        return created

    # The library's hooks -------------------------------------------------------------------

    def after_init_instance(self, instance, new, row, **kwargs):
        self.prepare(instance)
        instance._import_many = {}

    def complete(self, instance) -> None:
        """Fill what an empty cell means for this kind (an end date that is the start date…)."""

    def get_import_fields(self):
        # Many-to-many columns are cleaned by ``import_instance`` and saved by ``save_rows``.
        many = {column.field for column in self.column_list if column.many}
        return [self.fields[c.field] for c in self.column_list if c.field not in many]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.complete(instance)
        for column in self.column_list:
            if column.many:
                try:
                    instance._import_many[column.field] = self.fields[column.field].clean(row, **kwargs) or []
                except ValueError as exc:
                    errors[column.field] = ValidationError(str(exc))
        for column in self.column_list:
            if column.required and column.field not in errors and _text(row.get(column.header)) == "":
                errors[column.field] = ValidationError(_("This column must be filled in."))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Relations are checked against lists loaded once (no query per row), uniqueness and
        # duplicates across the file by ``preview``; the model's field and ``clean`` checks run here.
        exclude = set(errors) | {f.name for f in instance._meta.fields if f.is_relation}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not errors:
            for name, messages in self.row_problems(instance, instance._import_many).items():
                errors.setdefault(name, []).extend(ValidationError(m) for m in messages)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Parsing only: rows are written by ``commit``, all together, once the preview is confirmed."""

    # Preview and commit --------------------------------------------------------------------

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.column_list]

    def _label(self, name: str) -> str:
        for column in self.column_list:
            if column.field == name:
                return column.header
        if name == NON_FIELD_ERRORS:
            return ""
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 — a name the model does not have: show it as it is
            return name

    def preview(self, dataset: tablib.Dataset, numbers: list[int], *, skip_duplicates: bool = False) -> Preview:
        """Parse every row without writing anything; report problems and duplicates."""
        with _in_chinese():
            return self._preview(dataset, numbers, skip_duplicates)

    def _preview(self, dataset, numbers, skip_duplicates) -> Preview:
        # Not a library "dry run" (that saves each row in a savepoint and rolls back): the library
        # parses and validates, ``save_instance`` writes nothing, and ``commit`` saves in bulk.
        result = self.import_data(dataset, dry_run=False, use_transactions=False, raise_errors=False)
        invalid = {row.number: row for row in result.invalid_rows}
        errors = dict(result.row_errors())
        existing, seen = self.existing_keys(), {}
        rows, problems = [], []
        for index, row_result in enumerate(result.rows, start=1):
            number = numbers[index - 1]
            instance = row_result.instance
            row_problems = []
            if index in invalid:
                for name, messages in invalid[index].error_dict.items():
                    label = self._label(name)
                    for message in messages:
                        row_problems.append(
                            _("Row %(row)d %(column)s: %(message)s")
                            % {"row": number, "column": label, "message": message}
                            if label
                            else _("Row %(row)d: %(message)s") % {"row": number, "message": message}
                        )
            for error in errors.get(index, []):
                row_problems.append(_("Row %(row)d: %(message)s") % {"row": number, "message": error.error})
            raw = dataset[index - 1]
            preview_row = PreviewRow(
                number=number,
                cells=self._cells(instance, raw) if instance is not None else [_text(value) for value in raw],
                problems=row_problems,
                instance=instance,
                many=getattr(instance, "_import_many", {}),
            )
            keys = self.duplicate_keys(instance) if instance is not None and not row_problems else []
            if any(key in existing for key in keys):
                preview_row.duplicate = _("already saved")
            elif earlier := next((seen[key] for key in keys if key in seen), None):
                preview_row.duplicate = _("same as row %(row)d") % {"row": earlier}
            for key in keys:
                seen.setdefault(key, number)
            problems.extend(row_problems)
            rows.append(preview_row)
        return Preview(headers=self.headers, rows=rows, problems=problems)

    def _cells(self, instance, raw) -> list[str]:
        cells = []
        for column, value in zip(self.column_list, raw, strict=False):
            if column.many:
                cells.append(column.widget.display(instance._import_many.get(column.field)))
            elif hasattr(column.widget, "display"):
                try:
                    cells.append(column.widget.display(getattr(instance, column.field)))
                except Exception:  # noqa: BLE001 — a cell that did not parse is shown as typed
                    cells.append(_text(value))
            else:
                cells.append(_text(value))
        return cells

    @transaction.atomic
    def commit(self, preview: Preview, *, skip_duplicates: bool) -> list:
        """Save every row of a valid preview in one transaction (duplicates left out on request).

        Side effects: bulk-inserts the rows with one history row each (naming the user) and their
        many-to-many links; the caller invalidates caches. Refuses a preview with problems.
        """
        if not preview.is_valid:
            raise ImportRefused(_("The file has problems; nothing was saved."))
        rows = [row for row in preview.rows if not (skip_duplicates and row.duplicate)]
        return self.save_rows(rows) if rows else []

    # The template ---------------------------------------------------------------------------

    def template_response(self, filename: str) -> HttpResponse:
        with _in_chinese():
            data = self._template_bytes()
        response = HttpResponse(data, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f"attachment; filename={filename}"
        return response

    def _template_bytes(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(self.sheet_title)
        lists = workbook.create_sheet(_("Choices"))
        notes = workbook.create_sheet(_("How to fill in"))
        bold = Font(bold=True)
        sheet.append(self.headers)
        sheet.append([column.example for column in self.column_list])
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for cell in sheet[2]:
            cell.font = Font(italic=True, color="808080")
        sheet.freeze_panes = "A2"
        notes.append([_("Column"), _("Required"), _("What to write")])
        for cell in notes[1]:
            cell.font = bold
        list_column = 0
        for index, column in enumerate(self.column_list, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            labels = column.widget.labels() if hasattr(column.widget, "labels") else None
            if labels:
                list_column += 1
                list_letter = get_column_letter(list_column)
                lists.cell(row=1, column=list_column, value=column.header).font = bold
                for offset, label in enumerate(labels, start=2):
                    lists.cell(row=offset, column=list_column, value=label)
                if not column.many:  # several names in one cell: the list is there to copy from
                    source = f"'{lists.title}'!${list_letter}$2:${list_letter}${len(labels) + 1}"
                    validation = DataValidation(type="list", formula1=source, allow_blank=not column.required)
                    validation.error = _("Choose a value from the list.")
                    validation.showErrorMessage = True
                    sheet.add_data_validation(validation)
                    validation.add(f"{letter}2:{letter}{settings.IMPORT_MAX_ROWS + 1}")
            what = str(column.note or "")
            if labels and len(labels) <= 30:
                what = (what + " " if what else "") + _("One of: %(choices)s") % {"choices": "、".join(labels)}
            elif labels:
                what = (what + " " if what else "") + _("See the sheet “%(sheet)s”.") % {"sheet": lists.title}
            notes.append([column.header, _("Yes") if column.required else "", what])
        notes.append([])
        notes.append([_("Row 2 is an example: overwrite it or delete it (left unchanged, it is not imported).")])
        notes.column_dimensions["A"].width = 18
        notes.column_dimensions["C"].width = 80
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    def example_row(self) -> list:
        return [column.example for column in self.column_list]


# --- reading an uploaded workbook ----------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse a file over ``IMPORT_MAX_FILE_MB``."""
    if size > settings.IMPORT_MAX_FILE_BYTES:
        raise ImportRefused(
            _("The file may be at most %(mb)d MB; this one is %(size).1f MB.")
            % {"mb": settings.IMPORT_MAX_FILE_BYTES // (1024 * 1024), "size": size / (1024 * 1024)}
        )


def check_xlsx(data: bytes, name: str) -> None:
    """Refuse anything but an Excel workbook within the limits (size, unpacked size)."""
    check_size(len(data))
    if attachment_kind(data) is not XLSX:
        raise ImportRefused(_("“%(name)s” is not an Excel workbook (.xlsx).") % {"name": name})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ImportRefused(_("“%(name)s” unpacks to too much data to be a table.") % {"name": name})


def read_workbook(data: bytes, resource: ImportResource) -> tuple[tablib.Dataset, list[int]]:
    """The first sheet's rows under the resource's headers, and each row's number in the sheet.

    Blank rows and the template's example row (left unchanged) are skipped. Refuses a file whose
    headers are not the template's, or with more than ``IMPORT_MAX_ROWS`` rows.
    """
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a damaged file
        raise ImportRefused(_("The workbook cannot be read; save it again in Excel as .xlsx.")) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_text(cell) for cell in next(rows, ())]
        while header and header[-1] == "":
            header.pop()
        expected = resource.headers
        missing = [name for name in expected if name not in header]
        unknown = [name for name in header if name and name not in expected]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(_("missing columns: %(names)s") % {"names": "、".join(missing)})
            if unknown:
                parts.append(_("unknown columns: %(names)s") % {"names": "、".join(unknown)})
            raise ImportRefused(
                _(
                    "The first row must be the template's headers (%(problems)s). "
                    "Download the template and copy your rows into it."
                )
                % {"problems": "; ".join(parts)}
            )
        positions = [header.index(name) for name in expected]
        example = [_text(value) for value in resource.example_row()]
        dataset, numbers = tablib.Dataset(headers=expected), []
        for number, values in enumerate(rows, start=2):
            values = list(values) + [None] * (len(header) - len(values))
            row = [values[p] for p in positions]
            if all(_text(v) == "" for v in row) or (number == 2 and [_text(v) for v in row] == example):
                continue
            if len(dataset) >= settings.IMPORT_MAX_ROWS:
                raise ImportRefused(
                    _("A file may have at most %(max)d rows; split it into several files.")
                    % {"max": settings.IMPORT_MAX_ROWS}
                )
            dataset.append(row)
            numbers.append(number)
    finally:
        workbook.close()
    if not numbers:
        raise ImportRefused(_("The file has no rows to import."))
    return dataset, numbers


# --- the uploaded file between preview and confirm -----------------------------------------------


@dataclass
class PendingImport:
    """An uploaded file kept in storage (not on a node's disk, not in the browser) until confirmed.

    Its name lives in the user's server-side session, keyed by the kind of import; the confirm
    step reads that same file back and checks its hash, so the browser cannot swap the content.
    """

    kind: str

    def _key(self) -> str:
        return f"import:{self.kind}"

    def store(self, request, data: bytes, uploaded) -> None:
        self.discard(request)
        name = default_storage.save(f"imports/{request.user.pk}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
        request.session[self._key()] = {
            "name": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "original": original_name(uploaded),
        }

    def load(self, request) -> tuple[bytes, str] | None:
        entry = request.session.get(self._key())
        if not entry or not entry["name"].startswith(f"imports/{request.user.pk}/"):
            return None
        try:
            with default_storage.open(entry["name"], "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return None
        return data, entry["original"]

    def discard(self, request) -> None:
        entry = request.session.pop(self._key(), None)
        if entry and entry["name"].startswith(f"imports/{request.user.pk}/"):
            transaction.on_commit(lambda: default_storage.delete(entry["name"]))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYPE}),
    )


class ConfirmForm(forms.Form):
    skip_duplicates = forms.BooleanField(label=gettext_lazy("Leave out the rows marked as duplicates"), required=False)
