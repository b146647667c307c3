"""One registration per filing type yields everything the portal does with it.

A ``FilingType`` (declared in the app's ``filings.py``) gives its secretary pages (list with
filters, create, edit, detail, submit, withdraw; print page and PDF) and their URLs, the columns of its list and of
its Excel export (the admin's export action reads them), its deadline kind, and its line in the
home page's counts. A type overrides only what differs: a view class, a template, more sheets.
README, "Adding a filing type", is the checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .columns import DATETIME, STATUS, Column
from .deadlines import DeadlineRule
from .exports import Sheet

_TYPES: dict[type, FilingType] = {}
SOCIETY = _("Society")

PAGES = ("list", "create", "detail", "update", "submit", "withdraw")


@dataclass(eq=False)
class FilingType:
    model: type
    form_class: type
    slug: str  # the URL names: <app>:<slug>_list … <slug>_withdraw
    path: str  # the URLs: /<path>/, /<path>/new/, /<path>/<pk>/, …/edit/, …/submit/, …/withdraw/
    columns: tuple[Column, ...]  # the secretary's list; the first cell links to the record
    detail_fields: tuple[str, ...] = ()  # the generic detail page shows these, labelled
    export_columns: tuple[Column, ...] = ()  # the Excel sheet's columns (default: society, year, the list's)
    more_sheets: Callable | None = None  # queryset → further Sheets (a fund's lines)
    create_label: str = ""
    empty_text: str = ""
    intro: str = ""
    tabs: str = ""  # a template shown above the heading (the funds' and bases' tabs)
    related: tuple[str, ...] = ()  # select_related for the list and the record
    prefetch: tuple[str, ...] = ()  # prefetch_related for the export (many-to-many columns)
    annotate: Callable | None = None  # queryset → queryset with what the columns read (a fund's totals)
    deadline: DeadlineRule | None = None
    paginate_by: int = 20
    list_template: str = "portal/filing_list.html"
    detail_template: str = "portal/filing_detail.html"
    form_template: str = "portal/filing_form.html"
    views: dict = field(default_factory=dict)  # page → view class, where the type's own differs
    print_template: str = ""  # an A4 print page and its PDF (``printing``), for the stamped paper copy
    print_context: Callable | None = None  # filing → more context for the print page

    def __post_init__(self):
        register(self)

    # --- names and URLs ---------------------------------------------------------------------------

    @property
    def namespace(self) -> str:
        return self.model._meta.app_label

    def url_name(self, page: str) -> str:
        return f"{self.namespace}:{self.slug}_{page}"

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def urls(self) -> list:
        """The secretary pages' URL patterns, for the app's ``urls.py`` (namespace = app label)."""
        from . import views

        def view(page: str):
            view_class = self.views.get(page, views.DEFAULT_VIEWS[page])
            return view_class.as_view(filing_type=self)

        base, pk = f"{self.path}/", f"{self.path}/<int:pk>/"
        printed = []
        if self.print_template:
            from .printing import print_views

            print_page, pdf = print_views(self)
            printed = [
                path(f"{pk}print/", print_page, name=f"{self.slug}_print"),
                path(f"{pk}pdf/", pdf, name=f"{self.slug}_pdf"),
            ]
        return [
            path(base, view("list"), name=f"{self.slug}_list"),
            path(f"{base}new/", view("create"), name=f"{self.slug}_create"),
            path(pk, view("detail"), name=f"{self.slug}_detail"),
            path(f"{pk}edit/", view("update"), name=f"{self.slug}_update"),
            path(f"{pk}submit/", view("submit"), name=f"{self.slug}_submit"),
            path(f"{pk}withdraw/", view("withdraw"), name=f"{self.slug}_withdraw"),
            *printed,
        ]

    def annotated(self, queryset):
        return self.annotate(queryset) if self.annotate is not None else queryset

    # --- exports ----------------------------------------------------------------------------------

    def all_export_columns(self) -> tuple[Column, ...]:
        """The type's export columns; by default the society, the list's columns and where the
        filing stands in the workflow."""
        if self.export_columns:
            return self.export_columns
        workflow = (Column("submitted_at", DATETIME), Column("reviewed_at", DATETIME), Column("review_comment"))
        listed = [c for c in self.columns if c.path not in ("status", "submitted_at", "updated_at")]
        return (Column("society__name", title=SOCIETY), *listed, Column("status", STATUS), *workflow)

    def export_sheets(self, queryset) -> list[Sheet]:
        """The workbook of ``queryset`` (already scoped to the user): one sheet of these filings,
        then the type's own further sheets."""
        queryset = self.annotated(queryset.select_related("society", *self.related).prefetch_related(*self.prefetch))
        sheets = [columns_sheet(self.label, self.model, self.all_export_columns(), queryset)]
        if self.more_sheets is not None:
            sheets += self.more_sheets(queryset)
        return sheets


def columns_sheet(title: str, model, columns, rows) -> Sheet:
    """A worksheet of ``rows`` (model instances) in ``columns``: headers from the columns."""
    return Sheet(str(title)[:31], [c.header(model) for c in columns], ([c.value(obj) for c in columns] for obj in rows))


def register(filing_type: FilingType) -> None:
    if filing_type.model in _TYPES:
        raise ValueError(f"{filing_type.model.__name__} is registered twice")
    _TYPES[filing_type.model] = filing_type


def filing_types() -> list[FilingType]:
    """Every registered type, in the order of the apps (``INSTALLED_APPS``) and then of declaration."""
    from django.apps import apps

    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_TYPES.values(), key=lambda t: order[t.namespace])


def filing_type_for(model) -> FilingType | None:
    return _TYPES.get(model if isinstance(model, type) else type(model))
