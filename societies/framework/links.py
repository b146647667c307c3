"""Links to one object's page, for lists that print fifty of them; and menu links, for every page.

``reverse()`` walks the URL resolver on every call (~30 µs); a 50-row list spent ~1.5 ms of its
time on its row links. ``pk_url`` reverses a view once with a placeholder pk, keeps the text on
either side, and then only joins strings. The result is what ``reverse(name, args=[pk])`` gives:
``tests/societies/test_links.py`` checks it for every view it is used with. ``fixed_url`` does
the same for the layout's menu (a dozen argument-free links on every page).
"""

import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_script_prefix, get_urlconf, reverse

PLACEHOLDER = 987654321987


@functools.lru_cache(maxsize=128)
def _around_pk(viewname: str, script_prefix: str, urlconf) -> tuple[str, str]:
    url = reverse(viewname, args=[PLACEHOLDER], urlconf=urlconf)
    head, found, tail = url.partition(str(PLACEHOLDER))
    if not found or str(PLACEHOLDER) in tail:
        raise ImproperlyConfigured(f"pk_url: {viewname!r} does not take the pk as a plain path segment")
    return head, tail


@functools.lru_cache(maxsize=256)
def _reversed(viewname: str, script_prefix: str, urlconf) -> str:
    return reverse(viewname, urlconf=urlconf)


def _urlconf():
    # What reverse() would use: the request's own URLconf, else the setting. Part of every cache
    # key, so a changed setting (override_settings, pytest's urls mark) is simply a new key.
    return get_urlconf() or settings.ROOT_URLCONF


def fixed_url(viewname: str) -> str:
    """``reverse(viewname)`` for a view that takes no argument (menu links), reversed once."""
    return _reversed(viewname, get_script_prefix(), _urlconf())


def pk_url(viewname: str, pk: int) -> str:
    """``reverse(viewname, args=[pk])`` for a view whose only argument is an ``<int:pk>``."""
    head, tail = _around_pk(viewname, get_script_prefix(), _urlconf())
    return f"{head}{int(pk)}{tail}"
