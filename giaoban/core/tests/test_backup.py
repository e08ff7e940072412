"""`giaoban backup` then `giaoban restore` into an empty database gives back every row and every file.

The restore runs as the operator runs it, in its own process, against a new empty database (a new
PostgreSQL database on the PostgreSQL pass, a new SQLite file on the SQLite pass).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from giaoban.core.testing import BASE_DIR, PYTHON, database_url, is_postgresql

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MEDIA = {
    "tasks/2017/Báo cáo tiến độ.pdf": b"%PDF-1.4\n% bao cao\n%%EOF\n",
    "meetings/26-7-2017/anh hoi nghi.jpg": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40,
    "thong-bao.docx": b"PK\x03\x04 not really",
}


def rows_sqlite(conn: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {table: sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"')) for table in tables}


def rows_postgresql(dbname: str) -> tuple[dict[str, list[str]], dict[str, int | None]]:
    import psycopg

    settings_dict = {**connection.settings_dict, "NAME": dbname}
    with psycopg.connect(database_url(settings_dict).replace("postgres://", "postgresql://", 1)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        rows = {
            table: sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"')) for table in tables
        }
        sequences = dict(
            conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )
    return rows, sequences


def create_empty_postgresql_database(name: str) -> None:
    import psycopg

    admin = {**connection.settings_dict, "NAME": "postgres"}
    with psycopg.connect(
        database_url(admin).replace("postgres://", "postgresql://", 1), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_postgresql_database(name: str) -> None:
    import psycopg

    admin = {**connection.settings_dict, "NAME": "postgres"}
    with psycopg.connect(
        database_url(admin).replace("postgres://", "postgresql://", 1), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_restore(archive: Path, database: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [PYTHON, "manage.py", "restore", str(archive)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_backup_and_restore_round_trip(settings, tmp_path):
    media = tmp_path / "media"
    for name, data in MEDIA.items():
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    settings.MEDIA_ROOT = media
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with tarfile.open(archive) as packed:
        names = packed.getnames()
        manifest = json.loads(packed.extractfile("manifest.json").read())
    media_files = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert manifest["vendor"] == connection.vendor
    assert manifest["media_files"] == len(media_files) >= len(MEDIA)  # the demo may add its own files
    assert manifest["migrations"]["org"].startswith("00")
    assert {f"media/{name}" for name in MEDIA} <= set(names)

    restored_media = tmp_path / "restored-media"
    if is_postgresql():
        target_name = f"{connection.settings_dict['NAME']}_restore"
        create_empty_postgresql_database(target_name)
        try:
            result = run_restore(archive, database_url(name=target_name), restored_media)
            assert result.returncode == 0, result.stderr
            original, original_sequences = rows_postgresql(connection.settings_dict["NAME"])
            restored, restored_sequences = rows_postgresql(target_name)
        finally:
            drop_postgresql_database(target_name)
        # Sequences go on from where they were: new records get new ids.
        assert restored_sequences == original_sequences
    else:
        target = tmp_path / "restored.sqlite3"
        result = run_restore(archive, f"sqlite:///{target}", restored_media)
        assert result.returncode == 0, result.stderr
        connection.ensure_connection()
        original = rows_sqlite(connection.connection)
        with sqlite3.connect(target, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES) as copy:
            restored = rows_sqlite(copy)

    assert "Đã khôi phục" in result.stdout
    assert sorted(restored) == sorted(original)
    differing = [table for table in original if restored[table] != original[table]]
    assert not differing, differing
    # The demo fills the domain tables; the comparison covered real rows, not empty tables.
    assert len(original["org_organisation"]) >= 25
    assert sum(len(rows) for rows in original.values()) > 500

    restored_files = {
        p.relative_to(restored_media): p.read_bytes() for p in restored_media.rglob("*") if p.is_file()
    }
    assert restored_files == media_files
    assert restored_files[Path("tasks/2017/Báo cáo tiến độ.pdf")] == MEDIA["tasks/2017/Báo cáo tiến độ.pdf"]


def test_restore_refuses_a_database_that_has_data(settings, tmp_path, world):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="đã có bảng"):
        call_command("restore", str(archive))


def test_restore_refuses_an_archive_that_is_not_a_backup(tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as packed:
        packed.add(__file__, "test.py")
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore", str(archive))


# --- Files that move, permissions, interruptions (issue #11, item 7) ----------------------------------


def _media(tmp_path: Path) -> Path:
    media = tmp_path / "media"
    for name, data in MEDIA.items():
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return media


def test_a_file_deleted_while_the_backup_runs_is_left_out(tmp_path, monkeypatch):
    """A user deletes an attachment after the backup listed the files and before it copied them."""
    from giaoban.core import backup

    media = _media(tmp_path)
    listed = backup._media_files
    gone = media / "tasks/2017/Báo cáo tiến độ.pdf"

    def list_then_delete(root: Path) -> list[Path]:
        files = listed(root)
        gone.unlink()
        return files

    monkeypatch.setattr(backup, "_media_files", list_then_delete)
    archive = tmp_path / "backups" / "giaoban.tar.gz"
    manifest = backup.backup_create(archive, media_root=media)
    with tarfile.open(archive) as packed:
        names = packed.getnames()
        stored = json.loads(packed.extractfile("manifest.json").read())
        photo = packed.extractfile("media/meetings/26-7-2017/anh hoi nghi.jpg").read()
    assert stored == manifest
    assert "media/tasks/2017/Báo cáo tiến độ.pdf" not in names
    assert {"media/thong-bao.docx", "media/meetings/26-7-2017/anh hoi nghi.jpg"} <= set(names)
    assert photo == MEDIA["meetings/26-7-2017/anh hoi nghi.jpg"]
    assert manifest["media_files"] == 2
    assert manifest["media_vanished"] == ["tasks/2017/Báo cáo tiến độ.pdf"]
    assert list(archive.parent.iterdir()) == [archive]


def test_the_archive_is_readable_by_its_owner_only(tmp_path):
    from giaoban.core.backup import backup_create

    archive = tmp_path / "giaoban.tar.gz"
    previous = os.umask(0o022)  # the usual umask: files come out 0644 unless the backup says otherwise
    try:
        backup_create(archive, media_root=_media(tmp_path))
    finally:
        os.umask(previous)
    assert archive.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError, tarfile.TarError])
def test_a_backup_that_stops_midway_leaves_no_partial_archive(tmp_path, monkeypatch, failure):
    """Ctrl-C, a full disk, a tar error on the second media file: no archive and no .partial stay."""
    media = _media(tmp_path)
    folder = tmp_path / "backups"
    add = tarfile.TarFile.addfile
    added: list[str] = []

    def add_then_fail(self, tarinfo, fileobj=None):
        if tarinfo.name.startswith("media/"):
            added.append(tarinfo.name)
            if len(added) == 2:
                raise failure("dừng giữa chừng")
        return add(self, tarinfo, fileobj)

    monkeypatch.setattr(tarfile.TarFile, "addfile", add_then_fail)
    from giaoban.core.backup import backup_create

    with pytest.raises(failure):
        backup_create(folder / "giaoban.tar.gz", media_root=media)
    assert len(added) == 2
    assert list(folder.iterdir()) == []
