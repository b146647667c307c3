"""/healthz and /readyz: login-free, JSON, 503 naming the failing check, nothing secret.

In this process the cache, the storage, the migrations and the broker are made to fail through
settings and the test's own transaction. Then, for real (``integration``): gunicorn serves the
portal over a loopback proxy to PostgreSQL and a private redis-server; cutting the proxy or killing
that Redis turns /readyz to 503, and bringing them back turns it to 200 again — the machine's own
PostgreSQL and Redis are never touched.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from tests.services import ROOT, RedisServer, TcpProxy, free_port, needs_postgresql, wait_for_port

pytestmark = pytest.mark.django_db

CHECKS = {"database", "migrations", "cache", "broker", "storage"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _ready(client=None):
    response = (client or Client()).get("/readyz")
    return response.status_code, json.loads(response.content)


def test_healthz_answers_without_login_or_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200 and json.loads(response.content) == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_ok_names_each_check_and_nothing_more(settings):
    status, body = _ready()
    assert status == 200
    assert body == {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok") | {"broker": "skipped"}}
    raw = Client().get("/readyz").content.decode()
    for secret in (settings.SECRET_KEY, connection.settings_dict["NAME"], "version", "django"):
        assert secret.lower() not in raw.lower()


def test_readyz_503_when_the_cache_does_not_answer(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    status, body = _ready()
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["cache"] == "fail" and body["checks"]["database"] == "ok"


def test_readyz_skips_the_cache_when_there_is_none(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert _ready() == (
        200,
        {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok") | dict.fromkeys(("cache", "broker"), "skipped")},
    )


def test_readyz_503_when_the_storage_cannot_be_written(settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"
    status, body = _ready()
    assert status == 503 and body["checks"]["storage"] == "fail" and body["checks"]["cache"] == "ok"


def test_readyz_503_with_an_unapplied_migration():
    app, name = MigrationExecutor(connection).loader.graph.leaf_nodes()[0]
    MigrationRecorder.Migration.objects.filter(app=app, name=name).delete()  # rolled back after the test
    status, body = _ready()
    assert status == 503 and body["checks"]["migrations"] == "fail" and body["checks"]["database"] == "ok"


def test_readyz_checks_the_broker_only_when_one_is_configured(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    status, body = _ready()
    assert status == 503 and body["checks"]["broker"] == "fail"


def test_health_endpoints_are_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/public/activities/").status_code == 301


# --- for real: gunicorn, a proxy to PostgreSQL, a private Redis --------------------------------


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 — loopback
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def production_env(**extra) -> dict:
    """A gunicorn's environment: production settings over plain HTTP on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CELERY_", "REDIS_", "DEBUG"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "kepu_portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-test-secret-key-for-the-gunicorn-of-this-test-only-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        **extra,
    }


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_readiness_follows_postgresql_and_redis_outages_and_recoveries(tmp_path):
    needs_postgresql()
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).restore()
    redis = RedisServer().start()
    port = free_port()
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    env = production_env(
        DATABASE_URL=f"postgres://{user}{password}@127.0.0.1:{proxy.port}/{db['NAME']}",
        DB_CONN_MAX_AGE="0",
        DB_CONNECT_TIMEOUT="2",
        REDIS_URL=redis.url,
        CELERY_BROKER_URL=redis.url,
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    command = [sys.executable, "-m", "gunicorn", "kepu_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    with (tmp_path / "gunicorn.log").open("wb") as log:
        web = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    url = f"http://127.0.0.1:{port}/readyz"
    try:
        wait_for_port(port, timeout=30, process=web)
        assert _get(url) == (200, {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok")})

        proxy.cut()  # PostgreSQL is gone for this node
        status, body = _get(url)
        assert status == 503 and body["checks"]["database"] == "fail", body
        assert body["checks"]["cache"] == "ok" and body["checks"]["storage"] == "ok"
        proxy.restore()
        assert _wait_ready(url), "not ready again after PostgreSQL came back"

        redis.stop()  # the cache and the broker are gone
        status, body = _get(url)
        assert status == 503 and body["checks"]["cache"] == "fail" and body["checks"]["broker"] == "fail", body
        assert body["checks"]["database"] == "ok"
        redis.start()
        assert _wait_ready(url), "not ready again after Redis came back"
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=20)
        redis.stop()
        proxy.cut()


def _wait_ready(url: str, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _get(url)[0] == 200:
            return True
        time.sleep(0.3)
    return False
