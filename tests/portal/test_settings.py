"""Settings come from the environment; bad values stop the process with a clear message, and the
production values pass Django's deploy checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "kepu.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://kepu.example.org",
    "DATABASE_URL": "postgres://kepu@127.0.0.1:5432/kepu_portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "127.0.0.1",
}


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE: the browser tests set it for their process; production never has it.
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_environment():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in (result.stdout + result.stderr)


def test_deploy_check_fails_with_weak_secret_key():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY must be set"),
        ({"DEBUG": "perhaps"}, "DEBUG must be one of"),
        ({"DEBUG": "1", "DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not a database URL"),
        ({"DEBUG": "1", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT must be a whole number"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS must list"),
        ({"DEBUG": "1", "CELERY_VISIBILITY_TIMEOUT": "60"}, "CELERY_VISIBILITY_TIMEOUT must be more than 210"),
        ({"DEBUG": "1", "REMINDER_HOUR": "24"}, "REMINDER_HOUR must be an hour of the day"),
    ],
)
def test_bad_setting_fails_loudly_at_start(env, message):
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def _bare(*args) -> subprocess.CompletedProcess:
    """``manage.py`` with nothing in the environment but PATH."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_named_even_with_an_empty_environment():
    # With nothing set, Django's runner used to hide the settings error behind "Apps aren't loaded yet".
    result = _bare("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr and "AppRegistryNotReady" not in result.stderr


def test_makemigrations_check_needs_no_secret_key():
    # It reads only the code: a hook runs it with an empty environment.
    result = _bare("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


SHOW_BACKENDS = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.CACHES['default'], s.STORAGES['default']]))"
)


@pytest.mark.parametrize(
    ("env", "cache_backend", "storage_backend"),
    [
        ({"DEBUG": "1", "REDIS_URL": "", "AWS_STORAGE_BUCKET_NAME": ""}, "locmem.LocMemCache", "FileSystemStorage"),
        (
            {**PRODUCTION_ENV, "REDIS_URL": "", "AWS_STORAGE_BUCKET_NAME": ""},
            "dummy.DummyCache",  # gunicorn workers must not each keep a cache of their own
            "FileSystemStorage",
        ),
        (
            {**PRODUCTION_ENV, "REDIS_URL": "redis://10.0.0.5:6379/1", "AWS_STORAGE_BUCKET_NAME": "kepu-uploads"},
            "redis.RedisCache",
            "s3.S3Storage",
        ),
    ],
)
def test_cache_and_storage_follow_the_environment(env, cache_backend, storage_backend):
    env = {"SECRET_KEY": secrets.token_urlsafe(50), "AWS_S3_ENDPOINT_URL": "http://10.0.0.6:9000", **env}
    result = manage("shell", "-c", SHOW_BACKENDS, env=env)
    assert result.returncode == 0, result.stderr
    import json

    cache, storage = json.loads(result.stdout.strip().splitlines()[-1])
    assert cache["BACKEND"].endswith(cache_backend) and storage["BACKEND"].endswith(storage_backend)
    if cache_backend == "redis.RedisCache":
        assert cache["LOCATION"] == "redis://10.0.0.5:6379/1"
        options = storage["OPTIONS"]
        assert options["bucket_name"] == "kepu-uploads" and options["endpoint_url"] == "http://10.0.0.6:9000"
        assert options["default_acl"] is None and options["querystring_auth"] is True


def test_visibility_timeout_fits_the_tasks(settings):
    """A killed worker's tasks go to another worker within minutes (Redis's default: an hour), and
    no task runs, or waits on a countdown, as long as the timeout (it would be handed out twice)."""
    from kepu_portal.tasks import remind_society

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout == 300 and settings.CELERY_TASK_ACKS_LATE
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < timeout
    assert remind_society.retry_backoff_max < timeout
    assert timeout >= settings.OUTBOX_LEASE_SECONDS  # a delivery of a killed worker is retried by then too


def test_visibility_timeout_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.CELERY_BROKER_TRANSPORT_OPTIONS)",
        env={"DEBUG": "1", "CELERY_VISIBILITY_TIMEOUT": "900"},
    )
    assert result.returncode == 0, result.stderr
    assert "'visibility_timeout': 900" in result.stdout
