"""Reference pages for ``bench/run`` — the framework's own ceiling on the same server, same run.

Mounted only when the environment says ``BENCH_VIEWS=1`` (see ``kepu_portal/urls.py``); never in
production or tests. They need no login so that they measure Django alone.

- ``plain``: a bare view returning a short response (middleware, routing, nothing else);
- ``rows``: a minimal 50-row template page — one query of 50 rows, a small table, no base layout.
  A portal list page is compared with this one: it does the same kind of work plus what the
  portal adds (layout, menu, scope, filters, pagination).
- ``layout``: the portal's layout with nothing in it, for a signed-in user (the session and user
  queries, the menu, the footer). Not a target: the floor under every signed-in page, so that the
  table shows how much of a page's time is the page's own.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
from django.views.decorators.http import require_GET

from societies.models import Society

ROWS_TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>50 rows</title></head><body>
<table>
<thead><tr><th>#</th><th>name</th><th>city</th><th>level</th><th>members</th></tr></thead>
<tbody>
{% for society in societies %}<tr><td>{{ society.pk }}</td>
<td><a href="?id={{ society.pk }}">{{ society.name }}</a></td><td>{{ society.city }}</td>
<td>{{ society.level }}</td><td>{{ society.member_count }}</td></tr>
{% endfor %}</tbody>
</table></body></html>"""
)


@login_not_required
@require_GET
def plain(request):
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def rows(request):
    societies = Society.objects.only("name", "city", "level", "member_count").order_by("pk")[:50]
    return HttpResponse(ROWS_TEMPLATE.render({"societies": societies}, request))


@require_GET
def layout(request):
    return render(request, "portal/bench_layout.html")
