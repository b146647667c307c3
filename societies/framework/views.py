"""Secretary pages shared by every filing: list, detail, create, edit, submit and withdraw.

Each page is built from a filing type's registration (``registry.FilingType``): its model, form,
columns, fields and templates. The scope (the secretary's own society only), the version check,
the workflow fields and the messages are handled here once; a type that needs more subclasses a
page and names it in ``FilingType.views``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView, View

from .access import allowed_transitions
from .columns import detail_column
from .filing import filing_save, filing_transition
from .widgets import PlainSelect
from .workflow import FilingAction, FilingError, FilingStatus


class FilingFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control", "style": "width: 7rem"}),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *FilingStatus.choices],
        widget=PlainSelect(attrs={"class": "form-select"}),
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data.get("year"):
            queryset = queryset.filter(year=self.cleaned_data["year"])
        if self.cleaned_data.get("status"):
            queryset = queryset.filter(status=self.cleaned_data["status"])
        return queryset


class FilingPage:
    """What every page of a filing type shares: the type, the secretary's own rows, the names."""

    filing_type = None  # set by ``FilingType.urls()`` through ``as_view(filing_type=…)``
    http_method_names = ["get", "head", "post"]
    page = ""

    @property
    def model(self):
        return self.filing_type.model

    @property
    def form_class(self):
        return self.filing_type.form_class

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_secretary:
            raise PermissionDenied(_("This page is for society secretaries."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        related = ("society", "reviewed_by", *self.filing_type.related)
        return self.filing_type.annotated(self.model.objects.editable_by(self.request.user).select_related(*related))

    def get_template_names(self):
        return [getattr(self.filing_type, f"{self.page}_template")]

    def get_context_data(self, **kwargs):
        filing_type = self.filing_type
        return super().get_context_data(
            filing_type=filing_type,
            verbose_name=self.model._meta.verbose_name,
            verbose_name_plural=self.model._meta.verbose_name_plural,
            list_url=reverse(filing_type.url_name("list")),
            create_url=reverse(filing_type.url_name("create")),
            **kwargs,
        )


class FilingListView(FilingPage, ListView):
    http_method_names = ["get", "head"]
    page = "list"
    filter_form_class = FilingFilterForm

    def get_paginate_by(self, queryset):
        return self.filing_type.paginate_by

    def get_queryset(self):
        self.filter_form = self.filter_form_class(self.request.GET or None)
        return self.filter_form.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        columns = self.filing_type.columns
        context["headers"] = [(c.header(self.model), c.css) for c in columns]
        # Cells built here, once per row and column, so that the template is one loop.
        context["rows"] = [
            (obj.get_absolute_url(), [(c.html(obj), c.css) for c in columns]) for obj in context["object_list"]
        ]
        return context


class FilingDetailView(FilingPage, DetailView):
    http_method_names = ["get", "head"]
    page = "detail"

    def get_context_data(self, **kwargs):
        filing, filing_type = self.object, self.filing_type
        history = filing.history.select_related("history_user").order_by("-history_date")[:20]
        actions = {t.action for t in allowed_transitions(filing, self.request.user)}
        can_submit = FilingAction.SUBMIT in actions
        fields = [detail_column(self.model, f) for f in filing_type.detail_fields]
        return super().get_context_data(
            can_submit=can_submit,
            can_withdraw=FilingAction.WITHDRAW in actions,
            history=history,
            # What still stops a submission, shown above a disabled submit button.
            submission_problems=filing.submission_problems() if can_submit else [],
            fields=[(c.header(self.model), c.html(filing), c.kind) for c in fields],
            edit_url=reverse(filing_type.url_name("update"), args=[filing.pk]),
            submit_url=reverse(filing_type.url_name("submit"), args=[filing.pk]),
            withdraw_url=reverse(filing_type.url_name("withdraw"), args=[filing.pk]),
            **kwargs,
        )


class FilingSaveMixin(FilingPage):
    """Saves through ``filing_save``; a refusal (stale version, not editable) shows on the form."""

    page = "form"

    def form_valid(self, form):
        filing = form.save(commit=False)  # fills the instance and prepares save_m2m
        filing.society = self.request.user.society
        is_new = filing.pk is None
        try:
            with transaction.atomic():  # the filing and its related rows, or neither
                filing_save(
                    filing=filing,
                    user=self.request.user,
                    expected_version=form.cleaned_data.get("expected_version"),
                )
                self.save_related(form)
        except FilingError as exc:
            if is_new:
                filing.pk = None  # rolled back: the form must not link to a row that is not there
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved. It is still a draft until you submit it."))
        return HttpResponseRedirect(filing.get_absolute_url())

    def save_related(self, form):
        """Save many-to-many fields and inline rows after the filing itself; override to add."""
        form.save_m2m()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "society": self.request.user.society}


class FilingCreateView(FilingSaveMixin, CreateView):
    def get_initial(self):
        # Most filings are made for the current year.
        return {**super().get_initial(), "year": timezone.localdate().year}


class FilingUpdateView(FilingSaveMixin, UpdateView):
    def get(self, request, *args, **kwargs):
        filing = self.get_object()
        if not filing.is_editable:
            messages.warning(request, _("This record is under review or approved and cannot be changed now."))
            return redirect(filing.get_absolute_url())
        return super().get(request, *args, **kwargs)


@method_decorator(require_POST, name="dispatch")
class FilingActionView(FilingPage, View):
    """POST: move one of the secretary's own filings by ``action``, with the version they saw."""

    action = ""
    done_message = ""

    def post(self, request, pk):
        filing = get_object_or_404(self.model.objects.editable_by(request.user).select_related("society"), pk=pk)
        try:
            expected = int(request.POST["expected_version"])
        except (KeyError, ValueError):
            expected = None  # refused: a change must name the version the secretary saw
        try:
            filing_transition(filing=filing, action=self.action, user=request.user, expected_version=expected)
        except FilingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.done_message)
        return redirect(filing.get_absolute_url())


class FilingSubmitView(FilingActionView):
    action = FilingAction.SUBMIT
    done_message = gettext_lazy("Submitted. You will get an email when it has been reviewed.")


class FilingWithdrawView(FilingActionView):
    action = FilingAction.WITHDRAW
    done_message = gettext_lazy("Withdrawn: it is a draft again, and you can change it and submit it again.")


DEFAULT_VIEWS = {
    "list": FilingListView,
    "create": FilingCreateView,
    "detail": FilingDetailView,
    "update": FilingUpdateView,
    "submit": FilingSubmitView,
    "withdraw": FilingWithdrawView,
}
