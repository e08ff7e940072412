"""Backups: the database and the uploaded files in one archive, and back (`giaoban backup` / `giaoban restore`).

The archive is a gzipped tar:
    database.pgdump      PostgreSQL: pg_dump's custom format (restored by pg_restore)
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    media/…              every file under MEDIA_ROOT but the staged uploads (uploads.STAGING_DIR); one
                         deleted while the backup runs is left out
    manifest.json        vendor, time, Django version, the last migration of each app, file counts,
                         the files that vanished meanwhile; last, so its counts are what was copied

It is written as `<name>.partial` with mode 0600 and renamed when complete; a failure or an interrupt
removes the partial file.

A restore goes into an empty database (a new `createdb`, or a new SQLite file) and an empty MEDIA_ROOT,
unless forced; the schema is the backup's, so `giaoban migrate` afterwards brings it to the running code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connections

from .uploads import STAGING_DIR

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP_NAME = "database.pgdump"
SQLITE_NAME = "database.sqlite3"
MEDIA_DIR = "media"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator, in Vietnamese."""


# --- PostgreSQL client programs ------------------------------------------------------------------


def pg_program(name: str) -> str:
    """pg_dump / pg_restore: from GIAOBAN_PG_BIN, the PATH, or the newest /usr/lib/postgresql/*/bin."""
    folder = os.environ.get("GIAOBAN_PG_BIN")
    if folder:
        return str(Path(folder) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parent.parent.name)
    )
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"Không tìm thấy chương trình {name} của PostgreSQL (đặt GIAOBAN_PG_BIN).")


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the Django database settings; the password never goes on a command line."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST") or options.get("host"),
        "PGPORT": settings_dict.get("PORT") or options.get("port"),
        "PGUSER": settings_dict.get("USER") or options.get("user"),
        "PGPASSWORD": settings_dict.get("PASSWORD") or options.get("password"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGCONNECT_TIMEOUT": options.get("connect_timeout"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} thất bại: {result.stderr.strip()}")


# --- What is in the database ---------------------------------------------------------------------


def _migrations(alias: str) -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    last: dict[str, str] = {}
    for app, name in recorder.migration_qs.order_by("app", "name").values_list("app", "name"):
        last[app] = name
    return last


def database_is_empty(alias: str = "default") -> bool:
    """True when the database has no tables of its own (a fresh createdb or a new SQLite file)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _media_files(root: Path) -> list[Path]:
    """The uploaded files to keep: not the staged ones (an import's unconfirmed preview), which are
    deleted within a day anyway and belong to no record."""
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and p.relative_to(root).parts[0] != STAGING_DIR
    )


# --- Backup --------------------------------------------------------------------------------------


def _add_media(archive: tarfile.TarFile, path: Path, name: str) -> bool:
    """Copy one uploaded file; False when it was deleted after the listing (a user removed it meanwhile).

    The file is opened first and described from the open handle, so a deletion after that point
    does not matter either: the open file stays readable until closed."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return False
    with handle:
        archive.addfile(archive.gettarinfo(arcname=name, fileobj=handle), handle)
    return True


def _write_archive(
    partial: Path, dump: Path, media: Path, files: list[Path], manifest: dict[str, Any], manifest_path: Path
) -> None:
    """The archive, readable by its owner only (it holds every record and password hash), flushed to
    disk; the manifest goes last, to count the files really copied."""
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a .partial left by a killed run may have had another mode
    with os.fdopen(descriptor, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
            archive.add(dump, dump.name)
            vanished = []
            for path in files:
                name = path.relative_to(media).as_posix()
                if not _add_media(archive, path, f"{MEDIA_DIR}/{name}"):
                    vanished.append(name)
            manifest["media_files"] = len(files) - len(vanished)
            manifest["media_vanished"] = vanished
            manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
            archive.add(manifest_path, MANIFEST)
        raw.flush()
        os.fsync(raw.fileno())


def backup_create(target: Path, *, alias: str = "default", media_root: Path | None = None) -> dict[str, Any]:
    """Write the database and MEDIA_ROOT to `target` (a .tar.gz); returns the manifest."""
    connection = connections[alias]
    media = Path(media_root or settings.MEDIA_ROOT)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    files = _media_files(media)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "application": "giaoban",
        "vendor": connection.vendor,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "django": django.get_version(),
        "migrations": _migrations(alias),
    }
    with tempfile.TemporaryDirectory(prefix="giaoban-backup-") as scratch:
        if connection.vendor == "postgresql":
            dump = Path(scratch) / PG_DUMP_NAME
            _run(
                [pg_program("pg_dump"), "--format=custom", f"--file={dump}"],
                pg_environment(connection.settings_dict),
            )
        elif connection.vendor == "sqlite":
            dump = Path(scratch) / SQLITE_NAME
            connection.ensure_connection()
            copy = sqlite3.connect(dump)
            try:
                # The online backup API copies a consistent snapshot while the app keeps writing.
                connection.connection.backup(copy)
            finally:
                copy.close()
        else:
            raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")
        manifest["database_file"] = dump.name
        partial = target.with_name(target.name + ".partial")
        try:
            _write_archive(partial, dump, media, files, manifest, Path(scratch) / MANIFEST)
            os.replace(partial, target)  # only a finished archive takes the final name
        except BaseException:  # Ctrl-C and SystemExit too: no .partial stays behind
            partial.unlink(missing_ok=True)
            raise
    return manifest


# --- Restore -------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("Tệp này không phải bản sao lưu của Giao Ban (thiếu manifest.json).")
    manifest = json.loads(member.read().decode("utf-8"))
    if manifest.get("application") != "giaoban" or manifest.get("format") != FORMAT:
        raise BackupError("Bản sao lưu không đúng định dạng của phiên bản này.")
    return manifest


def backup_restore(
    source: Path, *, alias: str = "default", media_root: Path | None = None, force: bool = False
) -> dict[str, Any]:
    """Load an archive made by backup_create into the database and MEDIA_ROOT; returns its manifest.

    Refuses a database that has tables, or a MEDIA_ROOT that has files, unless `force`: then the
    database's tables are replaced by the backup's and the files are written over the existing ones.
    """
    connection = connections[alias]
    media = Path(media_root or settings.MEDIA_ROOT)
    with tarfile.open(source, "r:*") as archive:
        manifest = read_manifest(archive)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"Bản sao lưu của {manifest['vendor']} không nạp được vào {connection.vendor}; "
                "chuyển giữa hai loại cơ sở dữ liệu bằng dumpdata/loaddata."
            )
        if not force and not database_is_empty(alias):
            raise BackupError(
                "Cơ sở dữ liệu đích đã có bảng. Hãy nạp vào một cơ sở dữ liệu mới, trống "
                "(hoặc dùng --force để ghi đè)."
            )
        if not force and _media_files(media):
            raise BackupError(f"Thư mục tệp tải lên {media} đã có tệp (dùng --force để ghi đè).")
        with tempfile.TemporaryDirectory(prefix="giaoban-restore-") as scratch:
            database_member = manifest["database_file"]
            # filter="data" refuses absolute paths, "..", links out of the folder and device files.
            archive.extract(database_member, scratch, filter="data")
            dump = Path(scratch) / database_member
            if connection.vendor == "postgresql":
                _restore_postgresql(dump, connection, clean=force)
            else:
                _restore_sqlite(dump, connection)
            media_members = [m for m in archive.getmembers() if m.name.startswith(f"{MEDIA_DIR}/")]
            if media_members:
                media.mkdir(parents=True, exist_ok=True)
                extracted = Path(scratch) / "extracted"
                archive.extractall(extracted, members=media_members, filter="data")
                shutil.copytree(extracted / MEDIA_DIR, media, dirs_exist_ok=True)
    return manifest


def _restore_postgresql(dump: Path, connection: Any, *, clean: bool) -> None:
    connection.close()
    command = [
        pg_program("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if clean:
        command += ["--clean", "--if-exists"]
    env = pg_environment(connection.settings_dict)
    env.pop("PGDATABASE", None)
    _run([*command, str(dump)], env)


def _restore_sqlite(dump: Path, connection: Any) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        # The backup API replaces the whole target database page by page, in one go.
        source.backup(connection.connection)
    finally:
        source.close()
