"""Back up, wipe, restore: every row and every file comes back, and the proof is checked.

PostgreSQL with the files on the S3 server (``integration``): the test database with filings,
history and uploaded photos is backed up in this process; then "wiped" — a new, empty database and
an empty bucket — and restored there by ``manage.py restore`` in a subprocess. Every table's row
count *and content* (an md5 of its rows) and every file's sha256 must equal the originals. Then the
refusals: onto a database that is not empty, and from a backup with a corrupted file.

SQLite with the files on disk, all in subprocesses, the same comparison.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from societies.framework.filing import filing_transition
from societies.framework.workflow import FilingAction, FilingStatus
from tests.activities.factories import ActivityAttachmentFactory, ActivityPhotoFactory, ReviewedActivityFactory
from tests.factories import CommendationFactory, VolunteerFactory
from tests.services import ROOT, needs_postgresql


def _manage(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _clean_env(**extra) -> dict:
    drop = ("AWS_", "DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "CELERY_BROKER_URL")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(drop)}, "DEBUG": "1", **extra}


def _pg_digests(cursor) -> dict[str, tuple[int, str]]:
    """Every table's row count and an md5 of all its rows, in a fixed order."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    digests = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            f'SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), \'\')) FROM "{table}" t'  # noqa: S608
        )
        digests[table] = tuple(cursor.fetchone())
    return digests


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_postgresql_and_s3_backup_wipe_restore_equal(s3_storage, tmp_path, society_a, secretary_a, staff):
    needs_postgresql()
    server, bucket = s3_storage
    for n in range(3):
        activity = ReviewedActivityFactory(society=society_a, title=f"活动{n}", status=FilingStatus.SUBMITTED)
        ActivityPhotoFactory(activity=activity)
        ActivityAttachmentFactory(activity=activity)
        filing_transition(filing=activity, action=FilingAction.APPROVE, user=staff, expected_version=activity.version)
    VolunteerFactory.create_batch(4, society=society_a)
    CommendationFactory(society=society_a)
    with connection.cursor() as cursor:
        before = _pg_digests(cursor)
    s3 = server.client()
    files_before = {
        key: hashlib.sha256(s3.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest()
        for key in server.keys(bucket)
    }
    assert len(files_before) == 9 and before["activities_activity"][0] == 3

    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"]["tables"] == {table: count for table, (count, _md5) in before.items()}
    assert {name: meta["sha256"] for name, meta in manifest["files"].items()} == files_before
    assert manifest["missing_files"] == []

    # Wipe: a new, empty database and an empty bucket; restore there with the command itself.
    db = connection.settings_dict
    server_dsn = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"] or "postgres"}
    if db.get("PASSWORD"):
        server_dsn["password"] = db["PASSWORD"]
    restored_name, second_name = f"{db['NAME']}_restored", f"{db['NAME']}_refused"
    admin = psycopg2.connect(dbname="postgres", **server_dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for name in (restored_name, second_name):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}"')
        new_bucket = server.new_bucket()
        url = "postgres://{user}{password}@{host}:{port}/".format(
            password=f":{server_dsn['password']}" if "password" in server_dsn else "", **server_dsn
        )
        env = _clean_env(DATABASE_URL=url + restored_name, **server.env(new_bucket))
        result = _manage("restore", str(tmp_path / "backup"), env=env)
        assert result.returncode == 0, result.stderr
        assert "Verified" in result.stdout

        with psycopg2.connect(dbname=restored_name, **server_dsn) as restored, restored.cursor() as cursor:
            assert _pg_digests(cursor) == before
        restored.close()
        files_after = {
            key: hashlib.sha256(s3.get_object(Bucket=new_bucket, Key=key)["Body"].read()).hexdigest()
            for key in server.keys(new_bucket)
        }
        assert files_after == files_before

        # Refused: onto a database that is no longer empty (nothing changes, non-zero exit).
        again = _manage("restore", str(tmp_path / "backup"), env=env)
        assert again.returncode != 0 and "not empty" in again.stderr

        # Refused before anything is written: a backup whose file no longer matches its checksum.
        photo = next(name for name in manifest["files"] if name.startswith("activity-photos/"))
        with (tmp_path / "backup" / "files" / photo).open("r+b") as handle:
            first = handle.read(1)
            handle.seek(0)
            handle.write(bytes([first[0] ^ 0xFF]))
        third_bucket = server.new_bucket()
        env = _clean_env(DATABASE_URL=url + second_name, **server.env(third_bucket))
        corrupted = _manage("restore", str(tmp_path / "backup"), env=env)
        assert corrupted.returncode != 0 and "checksum" in corrupted.stderr
        with psycopg2.connect(dbname=second_name, **server_dsn) as untouched, untouched.cursor() as cursor:
            assert _pg_digests(cursor) == {}
        untouched.close()
        assert server.keys(third_bucket) == []
    finally:
        with admin.cursor() as cursor:
            for name in (restored_name, second_name):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _sqlite_rows(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"'))) for table in tables}  # noqa: S608


def _tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_sqlite_and_disk_backup_wipe_restore_equal(tmp_path):
    source, media = tmp_path / "source.sqlite3", tmp_path / "media"
    env = _clean_env(DATABASE_URL=f"sqlite:///{source}", MEDIA_ROOT=str(media))
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo"]):
        result = _manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    for name, data in (("activity-photos/1/a.jpg", b"\xff\xd8photo"), ("receipts/2/b.pdf", b"%PDF-1.4 receipt")):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    result = _manage("backup", str(tmp_path / "backup"), env=env)
    assert result.returncode == 0, result.stderr
    rows, files = _sqlite_rows(source), _tree(media)
    assert rows["societies_society"] and len(files) == 2

    # Wipe: restore into a new database file and an empty folder.
    target, target_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    env = _clean_env(DATABASE_URL=f"sqlite:///{target}", MEDIA_ROOT=str(target_media))
    result = _manage("restore", str(tmp_path / "backup"), env=env)
    assert result.returncode == 0, result.stderr
    assert _sqlite_rows(target) == rows
    assert _tree(target_media) == files
    again = _manage("restore", str(tmp_path / "backup"), env=env)
    assert again.returncode != 0 and "not empty" in again.stderr
