"""The shared cache (Redis in production): the public pages and the statistics, kept correct by
generations.

What is cached belongs to a *namespace*: ``PUBLIC`` (the content of the public pages) or
``FIGURES`` (the statistics page and the scorecards). Each namespace has a generation, a number
kept in the cache itself; every entry's key contains the generation it was computed under. A write
that changes what a namespace shows calls ``cache_bump`` (or ``filing_changed``) inside its
transaction; once the transaction commits, the namespace moves to a new generation, and every web
node reads new keys from its next request on — nothing is deleted, old entries simply expire.

Why this is never stale: a reader takes the generation *before* it queries the database, and the
bump comes *after* the commit. An entry computed from rows older than a commit can therefore only
be stored under a generation that the commit's bump has already left behind. A generation that
the cache lost (evicted, or Redis restarted empty) starts again from the clock in nanoseconds, a
value no earlier generation had.

Who bumps: the filing workflow (``filing_transition``, ``filing_save``), the services that change
figures or public records, the secretaries' plain edit pages, every write made in the admin
(``PortalAdminSite.admin_view``), and ``restore``. If the cache cannot be reached, pages are
computed without it (and a failed bump is logged; entries live ``PAGE_TIMEOUT`` at most).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

PUBLIC = "public"  # what the public pages show: approved activities, designated bases, honours
FIGURES = "figures"  # the statistics page and the scorecards: any filing, fund, base, roster, deadline
PAGE_TIMEOUT = 600  # seconds; a safety net only — correctness comes from the generations

T = TypeVar("T")


def _generation_key(namespace: str) -> str:
    return f"generation:{namespace}"


def cache_generation(namespace: str) -> str:
    """The namespace's current generation (started from the clock if the cache has none)."""
    key = _generation_key(namespace)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return str(value)


def _bump_now(namespaces: tuple[str, ...]) -> None:
    for namespace in namespaces:
        key = _generation_key(namespace)
        try:
            try:
                cache.incr(key)
            except ValueError:  # no generation yet: any new one will do
                cache.add(key, time.time_ns(), timeout=None)
        except Exception:
            logger.exception("Could not move the cache of %s to a new generation", namespace)


def cache_bump(*namespaces: str) -> None:
    """After the current transaction commits (at once outside one), invalidate ``namespaces``."""
    transaction.on_commit(partial(_bump_now, namespaces))


def filing_changed(filing) -> None:
    """A filing was saved or moved: the figures change; the public pages too if it is approved."""
    from .workflow import FilingStatus

    if filing.status == FilingStatus.APPROVED:
        cache_bump(FIGURES, PUBLIC)
    else:
        cache_bump(FIGURES)


def cached(namespace: str, key: str, compute: Callable[[], T], *, timeout: int = PAGE_TIMEOUT) -> T:
    """``compute()``'s value, from the cache when ``namespace``'s current generation has it."""
    try:
        generation = cache_generation(namespace)  # before compute() reads the database
        full_key = f"{namespace}:{generation}:{hashlib.sha256(key.encode()).hexdigest()}"
        value = cache.get(full_key)
    except Exception:
        logger.warning("Cache unavailable; %s computed without it", namespace, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(full_key, value, timeout)
        except Exception:
            logger.warning("Cache unavailable; %s not stored", namespace, exc_info=True)
    return value


def render_public(request, template_name: str, content_template: str, context: Callable[[], dict], **page):
    """A public page whose content comes from the cache: the same for every visitor.

    ``context()`` builds the content's context (it may raise ``Http404``, which is never cached);
    ``content_template`` is rendered with it — and must hold nothing personal (no CSRF token, no
    user). The page around it (``template_name``, extending the layout, with ``content`` and the
    ``title`` the context gave) is rendered for each request. The key is the path and query
    string, the language and today's date (what is "in force" changes at midnight).
    """

    def build() -> dict:
        values = context()
        return {"content": render_to_string(content_template, values, request), "title": values.get("title", "")}

    key = f"{request.path}?{request.META.get('QUERY_STRING', '')}|{translation.get_language()}|{timezone.localdate()}"
    fragment = cached(PUBLIC, key, build)
    content = mark_safe(fragment["content"])  # noqa: S308 — rendered by our own template above
    return render(request, template_name, {**page, "title": fragment["title"], "content": content})
