"""No N+1 anywhere: every list page makes the same number of queries for 1, 3 and 50 rows, and
at most ``MAX_QUERIES`` (issue 6: "≤ 12 queries on every page, independent of data size").

The pages are found, not listed, so that pages added later are covered without editing this file:

- secretary lists: every URL pattern without arguments whose view is a class-based list view
  (``MultipleObjectMixin``); the rows are made for the signed-in secretary's society;
- the secretary home page, with that many rows of every filing kind, volunteers and brands;
- the admin changelist of every registered model of the portal's apps that has a factory (a
  registered filing model must have one), as association staff;
- and, for the budget only, every secretary detail page (a class-based detail view taking an id),
  its object made by the URL walk's maker (``tests/<app>/walk.py``).

Rows come from the factory_boy factory of the model (``tests/factories.py`` or
``tests/<app>/factories.py``). A list page whose model has no factory fails with a message
saying so.
"""

import importlib
import pkgutil

import factory
import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormMixin
from django.views.generic.list import MultipleObjectMixin

import tests
from societies.framework.registry import filing_types
from societies.services import PORTAL_APPS
from tests.test_url_walk import OBJECT_PATTERNS, OWNED_OBJECTS, PLAIN_PATTERNS

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
SIZES = (1, 3, 50)
# Pages over the budget today, and why. The budget check expects them to fail (and fails when one
# no longer does, so that the entry is removed); the constant-count check applies to them as usual.
OVER_BUDGET: dict[str, str] = {}


def _factory_modules():
    yield importlib.import_module("tests.factories")
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                yield importlib.import_module(f"tests.{module.name}.factories")
            except ModuleNotFoundError:
                continue


def _factories() -> dict:
    """Model → its factory; the first one declared wins (``UserFactory`` before ``SecretaryFactory``)."""
    found = {}
    for module in _factory_modules():
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
                model = value._meta.model
                if model is not None and not isinstance(model, str):
                    found.setdefault(model, value)
    return found


FACTORIES = _factories()


def _has_field(model, name) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)


def make_rows(model, count: int, society=None) -> None:
    """``count`` more rows of ``model`` (of ``society`` when the model belongs to one)."""
    maker = FACTORIES.get(model)
    assert maker is not None, f"No factory for {model._meta.label}: add one to tests/factories.py"
    overrides = {}
    if society is not None and _has_field(model, "society"):
        overrides["society"] = society
    if _has_field(model, "year"):
        # Filings are unique per society and year in some kinds (plans, summaries).
        overrides["year"] = factory.Sequence(lambda n: 2000 + n % 100)
    maker.create_batch(count, **overrides)


def _grow_and_count(client, url, grow) -> list[int]:
    counts, made = [], 0
    for size in SIZES:
        grow(size - made)
        made = size
        client.get(url)  # first request warms per-process caches (content types, permissions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        counts.append(len(queries))
    return counts


def _assert_constant(url, counts):
    assert len(set(counts)) == 1, f"{url}: queries grow with rows: {dict(zip(SIZES, counts, strict=True))}"
    if url in OVER_BUDGET:
        assert counts[0] > MAX_QUERIES, f"{url} is within the budget now: remove it from OVER_BUDGET"
        pytest.xfail(f"{url}: {counts[0]} queries, more than {MAX_QUERIES}: {OVER_BUDGET[url]}")
    assert counts[0] <= MAX_QUERIES, f"{url}: {counts[0]} queries, more than {MAX_QUERIES}"


SECRETARY_LISTS = [
    (name, pattern)
    for name, pattern in PLAIN_PATTERNS
    if issubclass(getattr(pattern.callback, "view_class", object), MultipleObjectMixin)
]


def test_discovery_finds_the_known_lists():
    names = {name for name, _pattern in SECRETARY_LISTS}
    assert {"societies:volunteer_list", "societies:brand_list", "activities:plan_list"} <= names


@pytest.mark.parametrize(("name", "pattern"), SECRETARY_LISTS, ids=[name for name, _ in SECRETARY_LISTS])
def test_secretary_list_query_count_constant(name, pattern, client_a, society_a):
    filing_type = pattern.callback.view_initkwargs.get("filing_type")
    model = filing_type.model if filing_type else pattern.callback.view_class.model
    url = reverse(name)
    _assert_constant(url, _grow_and_count(client_a, url, lambda n: make_rows(model, n, society_a)))


def test_home_query_count_constant(client_a, society_a):
    # Every filing kind the home page counts, as far as tests have factories for them yet.
    filings = [t.model for t in filing_types()]
    models = [m for m in FACTORIES if m in filings or m._meta.model_name in ("volunteer", "brand")]

    def grow(n):
        for model in models:
            make_rows(model, n, society_a)

    _assert_constant("/", _grow_and_count(client_a, reverse("home"), grow))


ADMIN_MODELS = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in PORTAL_APPS and (model in FACTORIES or model in [t.model for t in filing_types()])
    ),
    key=lambda model: model._meta.label,
)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=[model._meta.label for model in ADMIN_MODELS])
def test_admin_changelist_query_count_constant(model, staff_client, society_a):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    _assert_constant(url, _grow_and_count(staff_client, url, lambda n: make_rows(model, n, society_a)))


SECRETARY_DETAILS = [
    (name, pattern)
    for name, pattern in OBJECT_PATTERNS
    if issubclass(getattr(pattern.callback, "view_class", object), SingleObjectMixin)
    and not issubclass(pattern.callback.view_class, FormMixin)
]


@pytest.mark.parametrize(("name", "pattern"), SECRETARY_DETAILS, ids=[name for name, _ in SECRETARY_DETAILS])
def test_secretary_detail_within_query_budget(name, pattern, client_a, society_a):
    _obj, kwargs = OWNED_OBJECTS[name.split(":")[-1].rsplit("_", 1)[0]](society_a)
    url = reverse(name, kwargs=kwargs)
    client_a.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client_a.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert len(queries) <= MAX_QUERIES, f"{url}: {len(queries)} queries, more than {MAX_QUERIES}"
