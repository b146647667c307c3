"""Print pages and PDFs of filings, for the paper copy a society stamps (盖章) and sends upward.

Each printable filing type registers once (``printable``): that yields its print page (A4 HTML,
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

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

# Model → its registration; filled by ``printable`` when each app's views are imported.
REGISTRY: dict[type, Printable] = {}


@dataclass(frozen=True)
class Printable:
    model: type
    template: str
    url_name: str  # "<app>:<kind>": the print page is "<app>:<kind>_print", the PDF "<app>:<kind>_pdf"
    more_context: object = None  # filing → more context for the template

    def context(self, filing) -> dict:
        extra = self.more_context(filing) if self.more_context else {}
        return {
            "filing": filing,
            "society": filing.society,
            "kind": filing._meta.verbose_name,
            "printed_on": timezone.localdate(),
            **extra,
        }


def _no_fetch(url, *args, **kwargs):
    """WeasyPrint's URL fetcher: the print page needs nothing from outside itself."""
    raise ValueError(f"The PDF renderer fetches nothing ({url[:40]})")


def html_to_pdf(html: str) -> bytes:
    """A4 PDF of ``html`` with its fonts embedded (WeasyPrint)."""
    from weasyprint import HTML  # imported on first use: loading Pango costs ~0.3 s at start

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def printable(model, *, template: str, url_name: str, extra=None):
    """Register ``model`` as printable; returns the two views (print page, PDF) for its urls.py."""
    entry = Printable(model, template, url_name, extra)
    REGISTRY[model] = entry

    def _filing(request, pk):
        queryset = model.objects.for_user(request.user).select_related("society")
        return get_object_or_404(queryset, pk=pk)

    @require_safe
    def print_page(request, pk):
        filing = _filing(request, pk)
        context = {**entry.context(filing), "pdf_url": reverse(f"{url_name}_pdf", args=[pk]), "screen": True}
        return render(request, template, context)

    @require_safe
    def pdf(request, pk):
        filing = _filing(request, pk)
        html = render_to_string(template, entry.context(filing), request=request)
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        name = f"{filing.year}-{model._meta.model_name}-{filing.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    return print_page, pdf


def print_urls(filing) -> tuple[str, str] | None:
    """(print page, PDF) of a registered filing, or None."""
    entry = REGISTRY.get(type(filing))
    if entry is None or filing.pk is None:
        return None
    try:
        return reverse(f"{entry.url_name}_print", args=[filing.pk]), reverse(f"{entry.url_name}_pdf", args=[filing.pk])
    except NoReverseMatch:  # registered, but its URLs are not mounted
        return None
