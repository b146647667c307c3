"""Backup and restore of the whole portal: the database and every stored file, with a manifest.

A backup directory holds ``database.dump`` (PostgreSQL: ``pg_dump -Fc``; SQLite: a copy of the
database file), ``files/`` (every stored upload under its storage name) and ``manifest.json``:
the row count of every table, the sha256 of the dump and of every file.

Consistency. On PostgreSQL the counts, the list of files the rows refer to and ``pg_dump`` all
read one snapshot: a REPEATABLE READ transaction exports its snapshot and ``pg_dump --snapshot``
dumps exactly that. On SQLite the online-backup API copies a consistent database, and the counts
are read from the copy. Files are copied after the snapshot: an upload is written before its row
commits and a deleted file is removed after its row's deletion commits, so every file the snapshot
refers to is there — unless it was deleted while the backup ran; then the backup says so and fails.

Restore refuses a database that has any table and a storage that has any file, checks every
checksum before it touches anything, loads the dump, uploads the files, then verifies the counts
and the files' checksums against the manifest; any difference is an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from societies.framework.cache import FIGURES, PUBLIC, cache_bump

from .health import PROBE_FOLDER

FORMAT = 1
DUMP = "database.dump"
FILES = "files"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on, or did not come out equal; the message says why."""


@dataclass
class Snapshot:
    tables: dict[str, int]
    referenced: set[str] = field(default_factory=set)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _file_fields() -> list[tuple[str, str]]:
    """(table, column) of every upload field of the portal's models (history tables left out:
    they keep the names of files deleted since, on purpose)."""
    found = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                found.append((model._meta.db_table, model_field.column))
    return found


def _read_snapshot(cursor, quote, table_names) -> Snapshot:
    tables = {}
    for table in sorted(table_names):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 — names from introspection
        tables[table] = cursor.fetchone()[0]
    referenced = set()
    for table, column in _file_fields():
        if table in tables:
            cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
            referenced.update(name for (name,) in cursor.fetchall() if name)
    return Snapshot(tables, referenced)


def stored_files(storage=None) -> list[str]:
    """Every file in the storage (names relative to it), the readiness probes left out."""
    storage = storage or default_storage
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:  # a MEDIA_ROOT not made yet: nothing stored
            continue
        for sub in subfolders:
            path = f"{folder}/{sub}" if folder else sub
            if path != PROBE_FOLDER:
                folders.append(path)
        names.extend(f"{folder}/{name}" if folder else name for name in files)
    return sorted(names)


def _pg_env(connection) -> dict[str, str]:
    settings = connection.settings_dict
    env = {**os.environ}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings.get(key):
            env[variable] = str(settings[key])
    env["PGDATABASE"] = settings["NAME"]
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# --- backup -----------------------------------------------------------------------------------


def _dump_postgresql(connection, target: Path) -> Snapshot:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (Debian: postgresql-client).")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        snapshot = _read_snapshot(cursor, connection.ops.quote_name, connection.introspection.table_names(cursor))
        # While this transaction is open, pg_dump can read exactly its snapshot.
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"], _pg_env(connection))
    return snapshot


def _dump_sqlite(connection, target: Path) -> Snapshot:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        names = [name for (name,) in cursor.fetchall()]
        return _read_snapshot(cursor, connection.ops.quote_name, names)
    finally:
        copy.close()


def backup(directory: Path, *, using: str = DEFAULT_DB_ALIAS, log=print) -> dict:
    """Write a backup into ``directory`` (new or empty) and return its manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: give a new directory for each backup.")
    (directory / FILES).mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    dump = directory / DUMP
    if connection.vendor == "postgresql":
        snapshot = _dump_postgresql(connection, dump)
    elif connection.vendor == "sqlite":
        snapshot = _dump_sqlite(connection, dump)
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    log(f"Database: {len(snapshot.tables)} tables, {sum(snapshot.tables.values())} rows.")

    files = {}
    for name in stored_files():
        target = directory / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with default_storage.open(name, "rb") as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        files[name] = {"sha256": digest.hexdigest(), "size": size}
    log(f"Files: {len(files)}, {sum(f['size'] for f in files.values())} bytes.")

    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": DUMP, "sha256": _sha256_of(dump), "tables": snapshot.tables},
        "files": files,
        "missing_files": sorted(snapshot.referenced - set(files)),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True))
    if manifest["missing_files"]:
        raise BackupError(
            f"The database refers to {len(manifest['missing_files'])} file(s) that are not in the storage "
            f"(deleted while the backup ran?), e.g. {manifest['missing_files'][0]}; run the backup again."
        )
    return manifest


# --- restore ----------------------------------------------------------------------------------


def _read_manifest(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"No readable {MANIFEST} in {directory}: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is of format {manifest.get('format')!r}, not {FORMAT}.")
    return manifest


def verify_backup(directory: Path, manifest: dict) -> None:
    """Every checksum of the backup directory against its manifest, before anything is restored."""
    if _sha256_of(directory / manifest["database"]["file"]) != manifest["database"]["sha256"]:
        raise BackupError("The database dump does not match its checksum in the manifest.")
    for name, meta in manifest["files"].items():
        path = directory / FILES / name
        if not path.is_file() or _sha256_of(path) != meta["sha256"]:
            raise BackupError(f"The backed-up file {name} is missing or does not match its checksum.")


def _table_counts(connection) -> dict[str, int]:
    with connection.cursor() as cursor:
        return _read_snapshot(cursor, connection.ops.quote_name, connection.introspection.table_names(cursor)).tables


def restore(directory: Path, *, using: str = DEFAULT_DB_ALIAS, log=print) -> None:
    """Restore the backup in ``directory`` onto an empty database and storage, then verify it."""
    directory = Path(directory)
    manifest = _read_manifest(directory)
    verify_backup(directory, manifest)
    connection = connections[using]
    if connection.vendor != manifest["database"]["vendor"]:
        raise BackupError(f"The backup is of a {manifest['database']['vendor']} database, not {connection.vendor}.")
    if connection.introspection.table_names():
        raise BackupError("The database is not empty: restore only into a new, empty database (no tables).")
    if stored_files():
        raise BackupError("The file storage is not empty: restore only into an empty storage.")

    dump = directory / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            raise BackupError("pg_restore is not installed (Debian: postgresql-client).")
        command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        connection.close()
        _run([*command, f"--dbname={connection.settings_dict['NAME']}", str(dump)], _pg_env(connection))
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    log("Database restored.")

    for name in manifest["files"]:
        with (directory / FILES / name).open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}.")
    log(f"Files restored: {len(manifest['files'])}.")

    problems = _differences(connection, manifest)
    cache_bump(PUBLIC, FIGURES)  # whatever the cache held described another database
    if problems:
        raise BackupError("The restored data differ from the manifest:\n" + "\n".join(problems))
    log("Verified: every table's row count and every file's checksum equal the manifest.")


def _differences(connection, manifest: dict) -> list[str]:
    problems = []
    counts = _table_counts(connection)
    expected = manifest["database"]["tables"]
    for table in sorted(set(expected) | set(counts)):
        if counts.get(table) != expected.get(table):
            problems.append(f"table {table}: {counts.get(table)} rows, manifest {expected.get(table)}")
    present = set(stored_files())
    for name, meta in manifest["files"].items():
        if name not in present:
            problems.append(f"file {name}: missing")
            continue
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != meta["sha256"]:
            problems.append(f"file {name}: checksum differs")
    problems.extend(f"file {name}: not in the manifest" for name in sorted(present - set(manifest["files"])))
    return problems
