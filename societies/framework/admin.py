"""The admin side of the filing workflow, shared by every filing model.

Association staff and city reviewers review filings here: a review queue (pending first), the
approve / pass-city-review / return actions (return asks for a comment on an intermediate page,
and works in bulk), history, and a version check so that an admin edit never silently
overwrites a secretary's concurrent change.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..templatetags.portal import label
from .filing import filing_save, filing_transition
from .forms import VersionedForm
from .limits import PlausibleYear
from .scoped_admin import ScopedAdmin
from .workflow import REVIEW_COMMENT_MAX, REVIEW_QUEUE_ORDERING, FilingAction, FilingError, FilingStatus

# Links are typed without a scheme: read them as https (Django 6's default) in every admin form.
URL_FIELDS_HTTPS = {models.URLField: {"assume_scheme": "https"}}

STATUS_COLOURS = {
    FilingStatus.DRAFT: "#6c757d",
    FilingStatus.SUBMITTED: "#0d6efd",
    FilingStatus.CITY_REVIEWED: "#6f42c1",
    FilingStatus.APPROVED: "#198754",
    FilingStatus.RETURNED: "#dc3545",
}


class ReturnCommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What needs to be revised"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        max_length=REVIEW_COMMENT_MAX,
    )


class EstimatedCountPaginator(Paginator):
    """Counts exactly, except a PostgreSQL queryset the planner expects to exceed ``ESTIMATE_ABOVE``
    rows: then the planner's estimate (an EXPLAIN, no scan) stands in for the count.

    The changelist counts its filtered rows on every request; over a million activities that is a
    scan of the whole table (~120 ms on the benchmark machine) to print "1,000,000 results".
    """

    ESTIMATE_ABOVE = 100_000

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if isinstance(queryset, QuerySet) and connections[queryset.db].vendor == "postgresql":
            estimate = self.planner_estimate(queryset)
            if estimate is not None and estimate > self.ESTIMATE_ABOVE:
                return estimate
        return super().count

    @staticmethod
    def planner_estimate(queryset: QuerySet) -> int | None:
        """The planner's row estimate, or None when there is no plan to read: a filter that can
        match nothing (a year of eleven digits) is answered by Django without a query, and
        ``explain()`` then returns an empty string."""
        try:
            plan = json.loads(queryset.order_by().explain(format="json"))
            return int(plan[0]["Plan"]["Plan Rows"])
        except (ValueError, LookupError, TypeError):
            return None


class GuardedChangeList(ChangeList):
    """Django's changelist, with a date-hierarchy year Python's dates cannot hold (``?created_at__year=9999``
    or eleven digits: an ``OverflowError`` or ``ValueError`` building the range) answered like any
    other bad lookup: the list with "invalid" (``?e=1``), not a server error."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class GuardedChangeListMixin:
    """For every ModelAdmin with a ``date_hierarchy`` (the fuzz test of the admin lists finds any without)."""

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList


class YearListFilter(admin.SimpleListFilter):
    """The year filter without a query: the years around now, newest first.

    Django's default filter for ``year`` lists the distinct years of the whole table, a scan of
    every row (~280 ms over a million activities) on every changelist request.
    """

    title = gettext_lazy("year")
    parameter_name = "year"
    YEARS_BACK = 8

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(year), str(year)) for year in range(this_year + 1, this_year - self.YEARS_BACK, -1)]

    def year(self) -> int | None:
        """The year chosen, when it is one a filing can have (``limits.PlausibleYear``); a year no
        filing can have (0, 9999, eleven digits) is an invalid filter, as Django treats a bad lookup."""
        value = self.value()
        if not value:
            return None
        try:
            year = int(value)
            PlausibleYear()(year)
        except (ValueError, ValidationError):
            raise IncorrectLookupParameters(value) from None
        return year

    def queryset(self, request, queryset):
        year = self.year()
        return queryset if year is None else queryset.filter(year=year)


class FilingAdmin(ScopedAdmin):
    """Base admin for a filing model: subclass, then add the model's own fields and filters."""

    list_display = ["__str__", "society", "year", "status_badge", "submitted_at", "reviewed_at"]
    list_filter = ["status", "year", "society__level", "society__city"]
    search_fields = ["society__name", "society__short_name"]
    list_select_related = ["society", "reviewed_by"]
    autocomplete_fields = ["society"]
    readonly_fields = ["status", "submitted_at", "reviewed_at", "reviewed_by", "review_comment", "version"]
    actions = ["approve_selected", "city_approve_selected", "return_selected"]
    form = VersionedForm
    ordering = REVIEW_QUEUE_ORDERING
    list_per_page = 50
    formfield_overrides = URL_FIELDS_HTTPS
    show_full_result_count = False
    change_form_template = "admin/filing_change_form.html"  # print page and PDF links (societies.framework.printing)
    paginator = EstimatedCountPaginator

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span style="color:#fff;background:{};padding:2px 8px;border-radius:8px;white-space:nowrap">{}</span>',
            STATUS_COLOURS.get(obj.status, "#6c757d"),
            label(obj, "status"),
        )

    def action_checkbox(self, obj):
        """Django's row checkbox, written out: its ``CheckboxInput`` renders a template per row."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_list_filter(self, request):
        # A subclass may list "year" as usual; it gets the filter that does not scan the table.
        return [YearListFilter if name == "year" else name for name in super().get_list_filter(request)]

    # --- who sees and changes what --------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Joined here, not left to the changelist: it skips list_select_related whenever a
        # subclass's get_queryset has called select_related itself, and the society column then
        # costs a query per row.
        if isinstance(self.list_select_related, list | tuple):
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def has_review_permission(self, request):
        return request.user.is_superuser or request.user.is_association_staff or request.user.is_city_reviewer

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == FilingStatus.APPROVED:
            return False
        if request.user.is_city_reviewer and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return not request.user.is_city_reviewer and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != FilingStatus.DRAFT:
            return False
        return not request.user.is_city_reviewer and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("society")
        return readonly

    # --- saving with the version check ----------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not any("expected_version" in options["fields"] for _name, options in fieldsets):
            fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "expected_version"]
        return fieldsets

    def save_model(self, request, obj, form, change):
        filing_save(filing=obj, user=request.user, expected_version=form.cleaned_data.get("expected_version"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save that ``filing_save`` refuses under the row lock (someone changed the record
        after the form checked its version) rolls back, and the form is shown again with what
        the user typed and the refusal on top; nothing is saved, inlines included."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except FilingError as exc:
            request.filing_save_refused = exc.message  # read by get_form; the admin is shared by threads
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "filing_save_refused", None)
        if refused is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                super().clean()
                raise forms.ValidationError(refused, code="refused")

        return RefusedForm

    # --- review actions -------------------------------------------------------------------

    def _apply(self, request, queryset, action, comment=""):
        done, refused = 0, []
        for filing in queryset.select_related("society"):
            try:
                filing_transition(
                    filing=filing, action=action, user=request.user, expected_version=filing.version, comment=comment
                )
                done += 1
            except FilingError as exc:
                refused.append(f"{filing}（{filing.society}）：{exc.message}")
        if done:
            self.message_user(
                request,
                ngettext("%(count)d record changed.", "%(count)d records changed.", done) % {"count": done},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=gettext_lazy("Approve selected"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, FilingAction.APPROVE)

    @admin.action(description=gettext_lazy("Pass city review for selected"), permissions=["review"])
    def city_approve_selected(self, request, queryset):
        self._apply(request, queryset, FilingAction.CITY_APPROVE)

    @admin.action(description=gettext_lazy("Return selected for revision (with a comment)"), permissions=["review"])
    def return_selected(self, request, queryset):
        form = ReturnCommentForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply(request, queryset, FilingAction.RETURN, comment=form.cleaned_data["comment"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return for revision"),
            "opts": self.model._meta,
            "queryset": queryset.select_related("society"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/filing_return_comment.html", context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not (request.user.is_superuser or request.user.is_association_staff):
            actions.pop("approve_selected", None)
        if not request.user.is_city_reviewer:
            actions.pop("city_approve_selected", None)
        return actions
