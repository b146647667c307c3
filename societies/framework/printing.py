"""Print pages and PDFs of filings, for the paper copy a society stamps (盖章) and sends upward.

A filing type that names a ``print_template`` in its registration gets its print page (A4 HTML,
the society's name and year as the heading, every figure, room for signature and stamp, the
date) and the same page as a PDF. The PDF is made by WeasyPrint from the very HTML of the print
page, with the system's Noto CJK fonts embedded (subset), so its text is real Chinese text that
can be searched and copied, not pictures of glyphs.

Why WeasyPrint rather than headless Chromium: it is a Python library (no browser process to
start, supervise and sandbox on every web node for each download), it implements CSS paged
media (``@page`` size, margins, page numbers) directly, and its output does not change with a
browser's version. It needs Pango and the fonts from the system packages (Debian:
``libpango-1.0-0``, ``libpangoft2-1.0-0``, ``fonts-noto-cjk``).

Who may print: whoever may see the filing (``for_user``): the society's own secretaries, the
city reviewer of its city for city-level societies, association staff. Anyone else gets a 404.
The PDF renderer fetches nothing: every style is inline and every URL is refused.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe


def _no_fetch(url, *args, **kwargs):
    """WeasyPrint's URL fetcher: the print page needs nothing from outside itself."""
    raise ValueError(f"The PDF renderer fetches nothing ({url[:40]})")


def html_to_pdf(html: str) -> bytes:
    """A4 PDF of ``html`` with its fonts embedded (WeasyPrint)."""
    from weasyprint import HTML  # imported on first use: loading Pango costs ~0.3 s at start

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def print_context(filing_type, filing) -> dict:
    extra = filing_type.print_context(filing) if filing_type.print_context else {}
    return {
        "filing": filing,
        "society": filing.society,
        "kind": filing._meta.verbose_name,
        "printed_on": timezone.localdate(),
        **extra,
    }


def _filing(filing_type, request, pk):
    queryset = filing_type.model.objects.for_user(request.user).select_related("society")
    return get_object_or_404(queryset, pk=pk)


def print_views(filing_type):
    """The print page and the PDF of a registered filing type (``FilingType.print_template``)."""

    @require_safe
    def print_page(request, pk):
        filing = _filing(filing_type, request, pk)
        pdf_url = reverse(filing_type.url_name("pdf"), args=[pk])
        context = {**print_context(filing_type, filing), "pdf_url": pdf_url, "screen": True}
        return render(request, filing_type.print_template, context)

    @require_safe
    def pdf(request, pk):
        filing = _filing(filing_type, request, pk)
        html = render_to_string(filing_type.print_template, print_context(filing_type, filing), request=request)
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        name = f"{filing.year}-{filing_type.model._meta.model_name}-{filing.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    return print_page, pdf


def print_urls(filing) -> tuple[str, str] | None:
    """(print page, PDF) of a filing whose type prints, or None."""
    from .registry import filing_type_for

    filing_type = filing_type_for(filing)
    if filing_type is None or not filing_type.print_template or filing.pk is None:
        return None
    return (
        reverse(filing_type.url_name("print"), args=[filing.pk]),
        reverse(filing_type.url_name("pdf"), args=[filing.pk]),
    )
