"""Secretary pages of special funds and fund reports that differ from the framework's (the filing
types are registered in ``filings.py``), and a fund's sources and expenditures."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from societies.framework import views as filing_views
from societies.framework.access import secretary_required
from societies.framework.uploads import protected_file_response
from societies.framework.workflow import FilingError

from . import services
from .forms import ExpenditureForm, FundingSourceForm
from .models import Expenditure, FundingSource, FundReport, SpecialFund


class FundList(filing_views.FilingListView):
    def get_context_data(self, **kwargs):
        # The whole filtered list, summed in the database: a constant number of queries.
        return super().get_context_data(sums=self.get_queryset().grand_totals(), **kwargs)


class FundDetail(filing_views.FilingDetailView):
    def get_context_data(self, **kwargs):
        fund = self.object
        return super().get_context_data(
            totals=fund.totals(),
            sources=fund.sources.all(),
            expenditures=fund.expenditures.select_related("activity"),
            **kwargs,
        )


# --- sources and expenditures ------------------------------------------------------------------


def _fund_for_secretary(request, pk) -> SpecialFund:
    """The signed-in secretary's own fund (404 for any other), with its totals."""
    return get_object_or_404(SpecialFund.objects.editable_by(request.user).with_totals(), pk=pk)


def _line_for_secretary(request, model, pk):
    return get_object_or_404(model.objects.editable_by(request.user).select_related("fund__society"), pk=pk)


LINES = {
    FundingSource: (FundingSourceForm, services.funding_source_save, gettext_lazy("funding source")),
    Expenditure: (ExpenditureForm, services.expenditure_save, gettext_lazy("expenditure")),
}


def _line_form(request, fund: SpecialFund, model, instance=None):
    form_class, save, noun = LINES[model]
    if not fund.is_editable:
        messages.warning(request, _("This record is under review or approved and cannot be changed now."))
        return redirect(fund.get_absolute_url())
    form = form_class(request.POST or None, request.FILES or None, instance=instance, society=request.user.society)
    form.instance.fund = fund
    if request.method == "POST" and form.is_valid():
        try:
            save(**{"source" if model is FundingSource else "expenditure": form.instance, "user": request.user})
        except FilingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(fund.get_absolute_url())
    context = {"form": form, "fund": fund, "totals": fund.totals(), "noun": noun, "object": instance}
    return render(request, "funding/line_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def fund_source_add(request, pk):
    return _line_form(request, _fund_for_secretary(request, pk), FundingSource)


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def fund_expenditure_add(request, pk):
    return _line_form(request, _fund_for_secretary(request, pk), Expenditure)


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def source_update(request, pk):
    source = _line_for_secretary(request, FundingSource, pk)
    return _line_form(request, _fund_for_secretary(request, source.fund_id), FundingSource, source)


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def expenditure_update(request, pk):
    expenditure = _line_for_secretary(request, Expenditure, pk)
    return _line_form(request, _fund_for_secretary(request, expenditure.fund_id), Expenditure, expenditure)


def _line_delete(request, line, delete):
    fund = line.fund
    if request.method == "POST":
        try:
            delete(**{"source" if isinstance(line, FundingSource) else "expenditure": line, "user": request.user})
        except FilingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Deleted."))
        return redirect(fund.get_absolute_url())
    if not fund.is_editable:
        messages.warning(request, _("This record is under review or approved and cannot be changed now."))
        return redirect(fund.get_absolute_url())
    noun = LINES[type(line)][2]
    context = {"object": line, "noun": noun, "list_url": fund.get_absolute_url()}
    return render(request, "portal/object_confirm_delete.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def source_delete(request, pk):
    return _line_delete(request, _line_for_secretary(request, FundingSource, pk), services.funding_source_delete)


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def expenditure_delete(request, pk):
    return _line_delete(request, _line_for_secretary(request, Expenditure, pk), services.expenditure_delete)


@require_http_methods(["GET", "HEAD"])
@secretary_required
def expenditure_receipt(request, pk):
    expenditure = _line_for_secretary(request, Expenditure, pk)
    return protected_file_response(expenditure.receipt, download_name=expenditure.receipt_name or "receipt")


# --- final fund report -------------------------------------------------------------------------


class FundReportDetail(filing_views.FilingDetailView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(figures=self.object.figures(), **kwargs)


@require_http_methods(["GET", "HEAD"])
@secretary_required
def fundreport_attachment(request, pk):
    report = get_object_or_404(FundReport.objects.editable_by(request.user), pk=pk)
    return protected_file_response(report.attachment, download_name=report.attachment_name or "attachment")
