"""The guard every feature inherits: walk every URL pattern of the portal as the secretary of
society A and try to reach society B's objects.

- A pattern that takes an object id is filled with B's object → 404 (or 403) on GET and POST, and
  B's object is byte-for-byte unchanged afterwards.
- A pattern without ids must not show B's marked records (B's drafts: the public pages included).
- Admin patterns redirect a secretary to the admin login.
- A pattern the walk does not know how to fill fails the test: add a maker to ``OWNED_OBJECTS``.
"""

import importlib
import io
import json
import pkgutil
import zipfile

import pytest
from django.core import serializers
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.walk import MARKER

pytestmark = pytest.mark.django_db


def _collect(name):
    """Merge ``name`` from every ``tests/<app>/walk.py``: each app declares its own objects."""
    merged = {} if name == "OWNED_OBJECTS" else set()
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                walk = importlib.import_module(f"tests.{module.name}.walk")
            except ModuleNotFoundError:
                continue
            merged.update(getattr(walk, name, {} if name == "OWNED_OBJECTS" else set()))
    return merged


# URL-name stem → how to make one of B's objects (with MARKER in a text field); returns
# (object, url kwargs).
OWNED_OBJECTS = _collect("OWNED_OBJECTS")
# Pages anybody may open without signing in (the public pages); they still must not show B's
# unapproved records, which is what the walk's objects are.
PUBLIC_PAGES: set[str] = _collect("PUBLIC_PAGES")

# Kwargs that admin and framework patterns take, filled with harmless values.
GENERIC_KWARGS = {"app_label": "societies"}


def iter_patterns(patterns=None, namespace="", prefix=""):
    """Yield (full url name, pattern) for every named pattern below the root URLconf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_patterns(entry.url_patterns, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, entry


def kwarg_names(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.regex.groupindex)


def snapshot(obj) -> str:
    return json.dumps(json.loads(serializers.serialize("json", [type(obj).objects.get(pk=obj.pk)])), sort_keys=True)


PORTAL = sorted((name, pattern) for name, pattern in iter_patterns() if not name.startswith("admin:"))
ADMIN = sorted((name, pattern) for name, pattern in iter_patterns() if name.startswith("admin:"))
OBJECT_PATTERNS = [(name, pattern) for name, pattern in PORTAL if kwarg_names(pattern)]
PLAIN_PATTERNS = [(name, pattern) for name, pattern in PORTAL if not kwarg_names(pattern)]


def test_walk_finds_patterns():
    names = {name for name, _ in PORTAL}
    assert {"societies:volunteer_update", "activities:plan_detail", "home"} <= names
    assert len(ADMIN) > 20


def _refused(response) -> bool:
    """Not found, forbidden or not allowed; or, for the admin's own pages mounted outside its
    namespace (statistics, scorecards), sent to the admin login."""
    if response.status_code == 302:
        return response.url.startswith("/admin/login/")
    return response.status_code in (403, 404, 405)


@pytest.mark.parametrize(("name", "pattern"), OBJECT_PATTERNS, ids=[name for name, _ in OBJECT_PATTERNS])
def test_object_url_of_other_society_is_404(name, pattern, client_a, society_b):
    stem = name.split(":")[-1].rsplit("_", 1)[0]
    maker = OWNED_OBJECTS.get(stem)
    assert maker is not None, f"The URL walk cannot fill {name}: add {stem!r} to OWNED_OBJECTS in tests/<app>/walk.py"
    obj, kwargs = maker(society_b)
    assert set(kwargs) == kwarg_names(pattern), f"{name} takes {kwarg_names(pattern)}, the maker gives {set(kwargs)}"
    url = reverse(name, kwargs=kwargs)
    before = snapshot(obj)
    assert _refused(client_a.get(url)), f"GET {url} reached society B's object"
    response = client_a.post(url, {"name": "篡改", "title": "篡改", "goals": "篡改", "expected_version": 1})
    assert _refused(response), f"POST {url} reached society B's object"
    assert snapshot(obj) == before, f"POST {url} changed society B's object"


@pytest.mark.parametrize(("name", "pattern"), PLAIN_PATTERNS, ids=[name for name, _ in PLAIN_PATTERNS])
def test_page_does_not_show_other_society_records(name, pattern, client_a, society_b):
    for maker in OWNED_OBJECTS.values():
        maker(society_b)
    response = client_a.get(reverse(name), follow=False)
    assert response.status_code < 500
    # Public pages too: B's marked records are drafts, which no page but B's own may show.
    if response.status_code == 200:
        assert MARKER not in _text_of(response), f"{name} shows society B's records to society A"


def _text_of(response) -> str:
    """The page's text; for an Excel download (an import template), the text of every part of it."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return response.content.decode()


@pytest.mark.parametrize(("name", "pattern"), ADMIN, ids=[name for name, _ in ADMIN])
def test_admin_url_redirects_secretary_to_admin_login(name, pattern, client_a):
    positional = pattern.pattern.regex.groups - len(kwarg_names(pattern))
    if positional:
        url = reverse(name, args=["1"] * positional)
    else:
        url = reverse(name, kwargs={k: GENERIC_KWARGS.get(k, "1") for k in kwarg_names(pattern)})
    response = client_a.get(url)
    if name in ("admin:login", "admin:logout", "admin:view_on_site", "admin:autocomplete", "admin:jsi18n"):
        return
    assert response.status_code == 302 and "/admin/login/" in response.url, f"{name}: {response.status_code}"


def test_anonymous_client_reaches_nothing_private(society_b):
    client = Client()
    for name, pattern in PORTAL:
        if kwarg_names(pattern) or name in ("login", "set_language") or name in PUBLIC_PAGES:
            continue
        response = client.get(reverse(name))
        assert response.status_code in (302, 405), f"{name} answered {response.status_code} to an anonymous user"
