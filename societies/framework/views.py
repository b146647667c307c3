"""Secretary pages shared by every filing: list, detail, create, edit and submit.

An app declares one subclass of each view with ``model`` and ``form_class``; the scope (own
society only), the version check, the workflow fields and the messages are handled here once.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from .access import allowed_transitions
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


class SecretaryFilingMixin:
    """Scope to the signed-in secretary's own society; GET and POST only."""

    http_method_names = ["get", "head", "post"]
    list_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_secretary:
            raise PermissionDenied(_("This page is for society secretaries."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.editable_by(self.request.user).select_related("society", "reviewed_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            verbose_name=self.model._meta.verbose_name,
            verbose_name_plural=self.model._meta.verbose_name_plural,
            list_url=reverse(self.list_url_name),
            **kwargs,
        )


class FilingListView(SecretaryFilingMixin, ListView):
    http_method_names = ["get", "head"]
    paginate_by = 20
    filter_form_class = FilingFilterForm

    def get_queryset(self):
        self.filter_form = self.filter_form_class(self.request.GET or None)
        return self.filter_form.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class FilingDetailView(SecretaryFilingMixin, DetailView):
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        filing = self.object
        history = filing.history.select_related("history_user").order_by("-history_date")[:20]
        transitions = allowed_transitions(filing, self.request.user)
        can_submit = any(t.action == FilingAction.SUBMIT for t in transitions)
        return super().get_context_data(
            transitions=transitions,
            history=history,
            # What still stops a submission, shown above a disabled submit button.
            submission_problems=filing.submission_problems() if can_submit else [],
            **kwargs,
        )


class FilingSaveMixin(SecretaryFilingMixin):
    """Saves through ``filing_save``; a refusal (stale version, not editable) shows on the form."""

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


def secretary_filing_submit(request, queryset, pk):
    """POST: submit one of the secretary's own filings (draft or returned)."""
    if not request.user.is_secretary:
        raise PermissionDenied(_("This page is for society secretaries."))
    filing = get_object_or_404(queryset.editable_by(request.user).select_related("society"), pk=pk)
    try:
        expected = int(request.POST["expected_version"])
    except (KeyError, ValueError):
        expected = None  # refused: a submission must name the version the secretary saw
    try:
        filing_transition(filing=filing, action=FilingAction.SUBMIT, user=request.user, expected_version=expected)
    except FilingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Submitted. You will get an email when it has been reviewed."))
    return redirect(filing.get_absolute_url())
