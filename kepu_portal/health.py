"""Health endpoints for a load balancer or systemd: ``/healthz`` (alive) and ``/readyz`` (ready).

``/healthz`` touches nothing: the process answers, so it is alive. ``/readyz`` checks what a
request needs — the database reachable with every migration applied, the cache, the Celery broker
(only when one is configured), the file storage — and answers 503 when one fails. The body
names each check and says ``ok``, ``fail`` or ``skipped``; why a check failed goes to the log,
never to the response (no host names, versions or secrets).
"""

from __future__ import annotations

import logging
import time
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_FOLDER = "readyz"  # storage probes are written here and deleted at once (backup skips it)


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_migrations() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")


def check_cache() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def check_broker() -> None:
    from kepu_portal.celery import app

    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)


def check_storage() -> None:
    content = uuid.uuid4().hex.encode()
    name = default_storage.save(f"{PROBE_FOLDER}/{uuid.uuid4().hex}.txt", ContentFile(content))
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != content:
                raise RuntimeError("the storage did not return what was just written")
    finally:
        default_storage.delete(name)


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def readiness() -> dict[str, str]:
    """Run every check: ``{"database": "ok", "broker": "skipped", …}``; a failure is logged."""
    results = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "fail"  # no database, so nothing to compare with
            continue
        if name == "broker" and not settings.CELERY_BROKER_URL:
            results[name] = "skipped"  # tasks run in-process
            continue
        if name == "cache" and settings.CACHES["default"]["BACKEND"].endswith(".DummyCache"):
            results[name] = "skipped"  # no REDIS_URL: nothing is cached
            continue
        started = time.monotonic()
        try:
            check()
        except Exception as exc:
            elapsed = time.monotonic() - started
            logger.warning("readiness check %s failed after %.2fs: %s: %s", name, elapsed, type(exc).__name__, exc)
            results[name] = "fail"
        else:
            results[name] = "ok"
    return results


@login_not_required
@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def readyz(request):
    checks = readiness()
    ready = all(result != "fail" for result in checks.values())
    return JsonResponse({"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503)
