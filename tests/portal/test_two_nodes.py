"""Two gunicorn nodes over one PostgreSQL, Redis and S3-compatible store: ``scripts/two-nodes``.

The script starts everything itself (a throw-away database next to the test database, moto's S3
server, both nodes and a worker) and checks that a photo uploaded through one node is served by the
other, a session is valid on both, a cached public page shows an approval on both at once, and the
log lines carry the request id into the worker. Here it runs as CI runs it.
"""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.services import ROOT, database_url, needs_postgresql, unavailable

pytestmark = pytest.mark.integration


@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("CI"),
    reason="Needs PostgreSQL: the nodes share one database server.",
)
def test_two_web_nodes_share_uploads_sessions_and_the_cache():
    needs_postgresql()
    import redis

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        unavailable(f"Needs Redis at {redis_url}, which does not answer.")
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": redis_url}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "scripts/two-nodes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=420
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASSED" in result.stdout
