import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.lease import take_lease
from tests.support.postgres import PASSWORD_ROLE

ROOT = Path(__file__).parent.parent
TOKEN = "MTAx.fake-token-for-tests.abcdef"


def mozaik(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT):
    environment = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_run_without_a_token_exits_2_with_one_line_naming_the_variable(tmp_path):
    result = mozaik(cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DISCORD_TOKEN" in lines[0]
    assert "mozaik sandbox" in lines[0]


def test_check_config_accepts_the_example_and_names_the_bad_key(tmp_path):
    assert mozaik("check-config", str(ROOT / "config.example.toml")).returncode == 0
    for text, key in [
        ("speling = 1", "speling"),
        ("[hub_defaults]\ntimezone = 'Asia/Jakartaa'", "hub_defaults.timezone"),
        ("[hub_defaults]\nmax_renewals = 'two'", "hub_defaults.max_renewals"),
        ("shards = '0-3'\nshard_count = 2", "shards: shard 2 is not below the shard count 2"),
        ("database = 'postgresql://me@db.example:port/hub'", "database: the URL's port"),
    ]:
        bad = tmp_path / "bad.toml"
        bad.write_text(text)
        result = mozaik("check-config", str(bad))
        assert result.returncode == 2
        assert key in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_run_with_shards_beyond_the_count_exits_2_with_one_line(tmp_path):
    result = mozaik("run", "--shards", "0-3", "--shard-count", "2", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "--shards/--shard-count: shards: shard 2 is not below the shard count 2"
    )


def _one_line_exit_2(result) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _run_on(tmp_path, database: str, env: dict[str, str] | None = None):
    (tmp_path / "config.toml").write_text(f"database = {database!r}\n")
    return mozaik("run", cwd=tmp_path, env={"DISCORD_TOKEN": TOKEN, **(env or {})})


def test_run_on_an_unreachable_postgresql_exits_2_with_one_line_naming_the_server(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    line = _one_line_exit_2(_run_on(tmp_path, f"postgresql://mozaik@127.0.0.1:{port}/hub"))
    assert line.startswith(f"could not connect to PostgreSQL at 127.0.0.1:{port}/hub: ")


def test_run_with_a_wrong_postgresql_password_exits_2_never_showing_it(tmp_path, postgres_server):
    if not postgres_server.own:
        pytest.skip("the password role exists only on the tests' own server")
    url = postgres_server.url("postgres", user=PASSWORD_ROLE)
    result = _run_on(tmp_path, url, env={"MOZAIK_DATABASE_PASSWORD": "wrong-pw-4242"})
    line = _one_line_exit_2(result)
    address = postgres_server.address
    assert f"PostgreSQL at {address.host}:{address.port}/postgres: " in line
    assert "wrong-pw-4242" not in result.stderr + result.stdout


def test_run_on_a_database_at_a_newer_schema_exits_2_with_one_line(tmp_path):
    database = tmp_path / "mozaik.db"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA user_version = 999")
    line = _one_line_exit_2(_run_on(tmp_path, str(database)))
    assert line.startswith(f"{database}: the database is at schema version 999, newer than")


def test_backup_copies_a_sound_database_and_never_prints_the_token(tmp_path):
    database = tmp_path / "mozaik.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE gigs (id INTEGER PRIMARY KEY, title TEXT)")
        db.execute("INSERT INTO gigs (title) VALUES ('Logo untuk kedai kopi')")
    config = tmp_path / "config.toml"
    config.write_text(f'database = "{database}"\n')
    copy_path = tmp_path / "backups" / "copy.db"  # a folder that does not exist yet, as in README
    result = mozaik("--config", str(config), "backup", str(copy_path), env={"DISCORD_TOKEN": TOKEN})
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    with sqlite3.connect(copy_path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT title FROM gigs").fetchall() == [("Logo untuk kedai kopi",)]
    again = mozaik("--config", str(config), "backup", str(copy_path))
    assert again.returncode == 2


def test_run_on_a_postgresql_database_it_may_not_migrate_exits_2_with_one_line(
    tmp_path, postgres_server, postgres_url
):
    # A role that may log in but not create tables: PostgreSQL 15 gives others no CREATE on
    # the public schema of a database they do not own.
    role = f"reader_{uuid.uuid4().hex[:12]}"
    asyncio.run(_as_admin(postgres_server, f"CREATE ROLE {role} LOGIN"))
    server = postgres_server.address
    url = postgres_url.replace(f"//{server.user}@", f"//{role}@")
    line = _one_line_exit_2(_run_on(tmp_path, url))
    where = url.rpartition("@")[2]
    assert line.startswith(f"could not migrate PostgreSQL at {where}: permission denied")


async def _as_admin(server, statement: str) -> None:
    admin = await server.admin()
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


async def _migrated_with_rows(path: Path) -> None:
    async with Store.open(path) as store:
        for key in ("moved", "verified"):
            await store.write("INSERT INTO bot_state (key, value) VALUES (?, 'yes')", (key,))


def test_migrate_store_copies_verifies_and_prints_each_table(tmp_path, postgres_url):
    source = tmp_path / "mozaik.db"
    asyncio.run(_migrated_with_rows(source))
    result = mozaik("migrate-store", str(source), postgres_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["table", "rows"]
    assert any(line.split()[:2] == ["bot_state", "2"] and line.endswith("same") for line in lines)
    assert lines[-1].startswith("moved 2 rows from ")
    assert lines[-1].endswith(", verified")
    again = mozaik("migrate-store", str(source), postgres_url)
    assert _one_line_exit_2(again).startswith("the target already has rows (in bot_state)")


def test_migrate_store_refuses_what_it_cannot_move_with_one_line(tmp_path):
    source = tmp_path / "mozaik.db"
    line = _one_line_exit_2(mozaik("migrate-store", str(source), str(tmp_path / "copy.db")))
    assert line == f"no database at {source}"
    asyncio.run(_migrated_with_rows(source))
    bad = mozaik("migrate-store", str(source), "postgresql://me@db.example:port/hub")
    assert _one_line_exit_2(bad).startswith("migrate-store: the URL's port")
    same = mozaik("migrate-store", str(source), str(source))
    assert _one_line_exit_2(same) == f"{source} is both FROM and TO: name another database"


def test_migrate_store_refuses_a_database_a_live_mozaik_holds(tmp_path):
    source = tmp_path / "mozaik.db"
    asyncio.run(_held_by_this_process(source))
    result = mozaik("migrate-store", str(source), str(tmp_path / "copy.db"))
    line = _one_line_exit_2(result)
    assert line.startswith(f"{source} is in use by another Mozaik (host {socket.gethostname()}")
    assert not (tmp_path / "copy.db").exists()


async def _held_by_this_process(path: Path) -> None:
    async with Store.open(path) as store:
        now = datetime.now(UTC)
        held = await take_lease(
            store, run="live", host=socket.gethostname(), pid=os.getpid(), now=now, stale_before=now
        )
        assert held
