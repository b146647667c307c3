"""The Django side of ``bench/run``: which pages to measure, and how many queries each makes.

Run by ``bench/run`` with the benchmark's environment (``DATABASE_URL`` of the seeded database,
``BENCH_VIEWS=1``); prints one JSON object on stdout:

    {"secretary": "sec00042", "staff": "scale_staff", "facts": {...},
     "pages": [{"name": ..., "path": ..., "who": "secretary" | "staff" | "anonymous", "queries": 7}, ...]}

Pages are chosen from what the installed apps offer: the activity pages once ``activities.Activity``
exists, the outreach-plan pages until then. The secretary is the one whose society has the most
activities (or plans): the heaviest list, not the average one. Query counts come from one request
each through Django's test client inside ``CaptureQueriesContext`` — the same code path gunicorn runs.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kepu_portal.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from societies.choices import City  # noqa: E402
from societies.framework.workflow import FilingStatus  # noqa: E402
from societies.models import Role, User  # noqa: E402

STAFF_USERNAME = os.environ.get("BENCH_STAFF", "scale_staff")


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _filing_model():
    """The filing the pages are measured on: Activity once its pages exist, OutreachPlan until then."""
    try:
        activity = apps.get_model("activities", "Activity")
    except LookupError:
        activity = None
    if activity is not None and _url("activities:activity_list") and admin.site.is_registered(activity):
        return activity, "activity"
    return apps.get_model("activities", "OutreachPlan"), "plan"


def choose() -> dict:
    model, kind = _filing_model()
    top = model.objects.values("society").annotate(n=Count("pk")).order_by("-n", "society").first()
    if top is None:
        sys.exit("bench: the database has no filings; run `manage.py seed_scale` first.")
    secretary = User.objects.filter(role=Role.SECRETARY, society_id=top["society"]).order_by("pk").first()
    year = model.objects.aggregate(y=Max("year"))["y"]
    in_year = model.objects.filter(society_id=top["society"], year=year)
    detail = in_year.order_by("-pk").first() or model.objects.filter(society_id=top["society"]).first()
    label = model._meta.model_name
    changelist = reverse(f"admin:activities_{label}_changelist")
    # A filter staff use every day: what is waiting in one city (the activity's city when the admin
    # filters on it, else the society's).
    city_filter = "city__exact" if "city" in admin.site.get_model_admin(model).list_filter else "society__city__exact"
    list_url = _url(f"activities:{kind}_list")
    # (name, path, who, target ratio to the 50-row page: issue 6's, where it sets one)
    pages = [
        ("secretary home", "/", "secretary", 0.5),
        (f"secretary {kind} list, year {year}", f"{list_url}?year={year}", "secretary", 0.5),
        (f"{kind} detail", detail.get_absolute_url(), "secretary", None),
        (
            f"admin {label} changelist, filtered",
            f"{changelist}?status__exact={FilingStatus.SUBMITTED}&{city_filter}={City.LIUZHOU}",
            "staff",
            0.35,
        ),
        ("admin review queue", changelist, "staff", 0.35),
        ("reference: bare view", "/bench/plain/", "anonymous", None),
        ("reference: 50-row page", "/bench/rows/", "anonymous", None),
        ("floor: signed-in empty layout", "/bench/layout/", "secretary", None),
        # That layout around the reference's own table: a signed-in list page with nothing of its own.
        ("floor: layout + the reference's 50 rows", "/bench/layout-rows/", "secretary", None),
        # The admin's own cost of a changelist (menu, filters, actions), with no row to show.
        ("floor: admin changelist, no rows", f"{changelist}?year=1990", "staff", None),
    ]
    facts = {
        "filing model": model._meta.label,
        "filings": model.objects.count(),
        "societies": apps.get_model("societies", "Society").objects.count(),
        "secretary's society filings": top["n"],
        f"secretary's society filings in {year}": in_year.count(),
    }
    return {
        "secretary": secretary.username,
        "staff": STAFF_USERNAME,
        "facts": facts,
        "pages": [{"name": n, "path": p, "who": w, "target": t} for n, p, w, t in pages],
    }


def count_queries(plan: dict) -> None:
    clients = {"anonymous": Client(raise_request_exception=False)}
    for who, username in (("secretary", plan["secretary"]), ("staff", plan["staff"])):
        clients[who] = Client(raise_request_exception=False)
        clients[who].force_login(User.objects.get(username=username))
    for page in plan["pages"]:
        client = clients[page["who"]]
        client.get(page["path"], HTTP_HOST="127.0.0.1")  # warm caches (content types, permissions) as a server would
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"], HTTP_HOST="127.0.0.1")
        page["status"] = response.status_code
        page["queries"] = len(queries)


if __name__ == "__main__":
    plan = choose()
    count_queries(plan)
    json.dump(plan, sys.stdout, ensure_ascii=False)
