"""Reference pages for ``bench/run`` — the framework's own ceiling on the same server, same run.

Mounted only when the environment says ``BENCH_VIEWS=1`` (``bench/urls.py``, included by
``kepu_portal/urls.py``; the settings then add ``bench/templates``); never in production or
tests. They need no login so that they measure Django alone.

- ``plain``: a bare view returning a short response (middleware, routing, nothing else);
- ``rows``: a minimal 50-row template page — one query of 50 rows, a small table, no base layout.
  A portal list page is compared with this one: it does the same kind of work plus what the
  portal adds (layout, menu, scope, filters, pagination).
- ``layout``: the portal's layout with nothing in it, for a signed-in user (the session and user
  queries, the menu, the footer). Not a target: the floor under every signed-in page, so that the
  table shows how much of a page's time is the page's own.
- ``layout_rows``: that layout with the reference's 50-row table in it — the least a signed-in
  50-row list page can cost (no filters, no count, five bare cells a row). Not a target either:
  it shows what ratio the secretary list could reach if its rows and filters were free.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
from django.views.decorators.http import require_GET

from societies.models import Society

# The reference's table: fifty rows of five bare cells.
ROWS_TABLE = """<table>
<thead><tr><th>#</th><th>name</th><th>city</th><th>level</th><th>members</th></tr></thead>
<tbody>
{% for society in societies %}<tr><td>{{ society.pk }}</td>
<td><a href="?id={{ society.pk }}">{{ society.name }}</a></td><td>{{ society.city }}</td>
<td>{{ society.level }}</td><td>{{ society.member_count }}</td></tr>
{% endfor %}</tbody>
</table>"""
ROWS_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>50 rows</title></head><body>\n'
    + ROWS_TABLE
    + "</body></html>"
)
LAYOUT_ROWS_TEMPLATE = engines["django"].from_string(
    '{% extends "bench_layout.html" %}{% block content %}' + ROWS_TABLE + "{% endblock %}"
)


def _fifty_societies():
    return Society.objects.only("name", "city", "level", "member_count").order_by("pk")[:50]


@login_not_required
@require_GET
def plain(request):
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def rows(request):
    return HttpResponse(ROWS_TEMPLATE.render({"societies": _fifty_societies()}, request))


@require_GET
def layout(request):
    return render(request, "bench_layout.html")


@require_GET
def layout_rows(request):
    return HttpResponse(LAYOUT_ROWS_TEMPLATE.render({"societies": _fifty_societies()}, request))
