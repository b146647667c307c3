"""The base of every admin class of society-owned rows: the user's scope on every admin view.

Django's admin reaches rows through ``get_queryset`` on the changelist, change, delete,
autocomplete and action views, but django-simple-history's history pages fetch the object (and
its historical rows) by id alone. This base narrows ``get_queryset`` to ``societies.framework.access``'s
scope and puts the history pages behind the same queryset, so that a city reviewer gets a 404
for a row of another city on every admin URL. Contact details of people (``contact_fields``) are
left out of the forms and history of users who may not see them.
"""

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .access import is_association, scoped, sees_contact_details
from .exports import Sheet, xlsx_response
from .registry import columns_sheet, filing_type_for


class ContactFieldsMixin:
    """Leaves ``contact_fields`` out of the forms, lists and searches of users who may not see
    the contact details of the owning society's people; works for inlines too."""

    # Fields with people's phone numbers, email addresses or identity data.
    contact_fields: tuple[str, ...] = ()

    def shows_contact_details(self, request, obj=None) -> bool:
        if not self.contact_fields:
            return True
        # ``obj`` is the row, or for an inline the parent: the society itself or a row of it.
        is_society = obj is not None and obj._meta.model_name == "society"
        return sees_contact_details(request.user, obj.pk if is_society else getattr(obj, "society_id", None))

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not self.shows_contact_details(request, obj):
            exclude += [name for name in self.contact_fields if name not in exclude]
        return exclude or None

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.shows_contact_details(request, obj):
            return fields
        return [name for name in fields if name not in self.contact_fields]

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if self.shows_contact_details(request):
            return columns
        return [name for name in columns if name not in self.contact_fields]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self.shows_contact_details(request):
            return fields
        return [name for name in fields if name.lstrip("^=@") not in self.contact_fields]


class ScopedAdmin(ContactFieldsMixin, SimpleHistoryAdmin):
    """Subclass for every model that belongs to a society (the model's queryset names the path
    to the society in ``society_path``, or set ``society_path`` here).

    Its lists export to Excel through one action: a filing type's columns come from its
    registration (``registry.FilingType``), another model's from ``export_columns``.
    """

    society_path: str | None = None
    export_columns: tuple = ()  # ``columns.Column``s of a list that is not a filing type's
    export_related: tuple[str, ...] = ()

    # --- export ---------------------------------------------------------------------------------

    def get_export_sheets(self, queryset) -> list[Sheet]:
        filing_type = filing_type_for(self.model)
        if filing_type is not None:
            return filing_type.export_sheets(queryset)
        rows = queryset.select_related(*self.export_related)
        return [columns_sheet(self.model._meta.verbose_name_plural, self.model, self.export_columns, rows)]

    @admin.action(description=gettext_lazy("Export selected to Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        """The selected rows (the changelist's: already in the user's scope) as an xlsx download."""
        name = f"{self.model._meta.verbose_name_plural}-{timezone.localdate().isoformat()}"
        return xlsx_response(filename=name, sheets=self.get_export_sheets(queryset))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if IS_POPUP_VAR in request.GET:
            return actions
        exportable = self.export_columns or filing_type_for(self.model) is not None
        if exportable and self.has_view_permission(request):
            actions["export_xlsx"] = self.get_action("export_xlsx")
        return actions

    def get_society_path(self) -> str:
        if self.society_path is not None:
            return self.society_path
        return self.model._default_manager.get_queryset().society_path

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user, self.get_society_path())

    def get_visible_object(self, request, object_id):
        """The row with ``object_id`` if the user may see it; 404 otherwise. A deleted row
        (``None``) only for association staff: to anybody else its history is as private as the
        row was."""
        object_id = unquote(object_id)
        obj = self.get_queryset(request).filter(pk=object_id).first()
        if obj is None:
            # Staff may read the history of a row that has since been deleted; nobody else.
            deleted = not self.model._default_manager.filter(pk=object_id).exists()
            if not (deleted and is_association(request.user)):
                raise Http404
        return obj

    # --- history pages: the same scope as the row ---------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_visible_object(request, object_id)
        if not self.shows_contact_details(request, obj):
            raise PermissionDenied  # the history would show the contact details' changes
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_visible_object(request, object_id)
        if not self.shows_contact_details(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs are named for screen readers: Django labels the columns
    with headers only, and axe-core (WCAG 2.1, 1.3.1 / 4.1.2) wants every input to have a name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", str(db_field.verbose_name))
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = gettext("Delete")

        return Labelled
