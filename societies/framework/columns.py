"""Columns of a list, shared by the secretary's list page and the Excel exports.

A column names what to show of a row (a field, a path through related rows, or a method) and how
(text, a number, money, a choice label, the status pill). The list page renders ``html``, the
export writes ``value``: typed numbers and dates, text for everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Model
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ..templatetags.portal import label, status_badge, yuan

TEXT, NUMBER, MONEY, CHOICE, STATUS, DATE, DATETIME, BOOLEAN = (
    "text", "number", "money", "choice", "status", "date", "datetime", "boolean"
)  # fmt: skip
RIGHT_ALIGNED = frozenset({NUMBER, MONEY})


@dataclass(frozen=True)
class Column:
    """``path`` is ``name`` or ``related__name`` (each part an attribute or a method without
    arguments); ``title`` defaults to the model field's verbose name."""

    path: str
    kind: str = TEXT
    title: str | None = None
    get: Callable[[Model], object] | None = None  # instead of ``path``, for a computed value
    render: Callable[[Model], str] | None = None  # the list's own HTML for the cell (exports use ``value``)

    def _owner_and_name(self, obj: Model):
        if self.path == "__str__":
            return obj, "__str__"
        *parents, name = self.path.split("__")
        for parent in parents:
            obj = getattr(obj, parent)
            if obj is None:
                return None, name
        return obj, name

    def value(self, obj: Model):
        """The raw value: what an export writes (a choice as its label, so that it reads)."""
        if self.get is not None:
            return self.get(obj)
        owner, name = self._owner_and_name(obj)
        if owner is None:
            return None
        if self.kind in (CHOICE, STATUS):
            return label(owner, name)
        value = getattr(owner, name)
        return value() if callable(value) else value

    def html(self, obj: Model) -> str:
        """What the list page shows in the cell."""
        if self.render is not None:
            return self.render(obj)
        if self.kind == STATUS:
            owner, name = self._owner_and_name(obj)
            return status_badge(getattr(owner, name))
        value = self.value(obj)
        if value is None or value == "":
            return "—"
        if self.kind == MONEY:
            return yuan(value)
        if self.kind == NUMBER:
            return number_format(value, force_grouping=True) if isinstance(value, int | Decimal) else str(value)
        if self.kind == DATETIME:
            return localtime(value).strftime("%Y-%m-%d %H:%M")
        if self.kind == DATE:
            return value.isoformat()
        if self.kind == BOOLEAN:
            return str(_("Yes") if value else _("No"))
        return format_html("{}", value)

    def header(self, model: type[Model]) -> str:
        if self.title is not None:
            return str(self.title)
        if self.path == "__str__":
            return str(model._meta.verbose_name)
        *parents, name = self.path.split("__")
        for parent in parents:
            model = model._meta.get_field(parent).related_model
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        return str(field.verbose_name)

    @property
    def css(self) -> str:
        return "text-end" if self.kind in RIGHT_ALIGNED else ""


def detail_column(model: type[Model], spec: Column | str) -> Column:
    """A field of a record page: a ``Column``, or a field name whose kind is read off the field."""
    if isinstance(spec, Column):
        return spec
    field = model._meta.get_field(spec)
    if field.choices:
        kind = CHOICE
    elif isinstance(field, models.DecimalField) and field.decimal_places == 2:
        kind = MONEY
    elif isinstance(field, models.IntegerField):
        kind = NUMBER
    elif isinstance(field, models.BooleanField):
        kind = BOOLEAN
    elif isinstance(field, models.DateTimeField):
        kind = DATETIME
    elif isinstance(field, models.DateField):
        kind = DATE
    else:
        kind = TEXT
    return Column(spec, kind)
