import asyncio
import sqlite3
from datetime import UTC, datetime

import asyncpg
import pytest

from bot.config import HubDefaults
from bot.database import parse_database
from bot.hubs.store import get_hub, save_hub
from bot.store import Store, _migrations, backup_database
from bot.store.bot_state import read_state, write_state
from bot.store.postgresql import PostgresEngine, postgresql_migrations
from bot.store.stamps import stamp

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
# Tests reading SQLite's own machinery (PRAGMA, its file, its online backup) run on it alone:
# marked so where they take a database per engine, on a SQLite file of their own otherwise.
sqlite_only = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)

# Each engine's catalog of the tables in the database.
TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgresql": "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
}


def latest_version() -> int:
    return max(version for version, _, _ in _migrations())


@pytest.fixture
def empty_database(engine, request, tmp_path):
    """A database no migration has touched yet, on each engine."""
    if engine == "postgresql":
        return request.getfixturevalue("postgres_url")
    return tmp_path / "mozaik.db"


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as opened:
        yield opened


async def test_migrations_apply_on_an_empty_database_and_again_as_a_no_op(engine, empty_database):
    async with Store.open(empty_database) as store:
        assert await store.schema_version() == latest_version()
        tables = {row["name"] for row in await store.fetch_all(TABLES[engine])}
        assert {"hubs", "hub_roles", "bot_state"} <= tables
    async with Store.open(empty_database) as store:
        assert await store.schema_version() == latest_version()


@sqlite_only
async def test_connection_uses_wal_and_foreign_keys(store_database):
    async with Store.open(store_database) as store:
        assert (await store.fetch_one("PRAGMA journal_mode"))[0] == "wal"
        assert (await store.fetch_one("PRAGMA foreign_keys"))[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            async with store.transaction() as db:
                await db.execute(
                    "INSERT INTO hub_roles (guild_id, role_id, purpose) VALUES (1, 2, 'moderator')"
                )


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
async def test_postgresql_transactions_are_serializable_and_keep_foreign_keys(store):
    async with store.transaction() as db:
        [row] = await db.execute_fetchall("SHOW transaction_isolation")
        assert row[0] == "serializable"
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        async with store.transaction() as db:
            await db.execute(
                "INSERT INTO hub_roles (guild_id, role_id, purpose) VALUES (1, 2, 'moderator')"
            )


async def test_a_read_sees_committed_changes_only(store):
    async with store.transaction() as db:
        await db.execute("INSERT INTO bot_state (key, value) VALUES ('k', 'half-written')")
        assert await read_state(store, "k") is None
    assert await read_state(store, "k") == "half-written"


# Counting to three million takes SQLite a good part of a second.
SLOW_READ = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
    "SELECT count(*) FROM n"
)


async def test_a_quick_read_does_not_wait_behind_a_slow_one(store):
    answered: list[str] = []

    async def read(name: str, sql: str) -> None:
        await store.fetch_all(sql)
        answered.append(name)

    slow = asyncio.create_task(read("slow", SLOW_READ))
    await asyncio.sleep(0.01)  # the slow read is under way
    await asyncio.gather(read("quick", "SELECT 1"), slow)
    assert answered == ["quick", "slow"]


async def test_an_older_database_migrates_forward_without_losing_rows(tmp_path):
    path = tmp_path / "old.db"
    first_version, _, first_script = next(iter(_migrations()))
    with sqlite3.connect(path) as old:
        old.executescript(first_script)
        old.execute("INSERT INTO bot_state (key, value) VALUES ('commands:1:global', 'abc')")
        old.execute(f"PRAGMA user_version = {first_version}")
    async with Store.open(path) as store:
        assert await store.schema_version() == latest_version()
        assert await read_state(store, "commands:1:global") == "abc"


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
async def test_an_older_postgresql_database_migrates_forward_without_losing_rows(empty_database):
    first = postgresql_migrations()[:1]
    async with PostgresEngine.open(parse_database(empty_database), migrations=first) as old:
        async with old.transaction() as db:
            await db.execute(
                "INSERT INTO bot_state (key, value) VALUES ('commands:1:global', 'abc')"
            )
        assert await old.schema_version() == 1
    async with Store.open(empty_database) as store:
        assert await store.schema_version() == latest_version()
        assert await read_state(store, "commands:1:global") == "abc"


# SQLite alone: PostgreSQL never held stamps to the second (its migration 008 changes nothing).
async def test_instants_stored_to_the_second_are_kept_to_the_microsecond_after_migrating(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:  # a database from before microsecond_stamps
        for version, name, script in _migrations():
            if name == "microsecond_stamps":
                break
            old.executescript(script)
            old.execute(f"PRAGMA user_version = {version}")
        old.execute(
            "INSERT INTO digest_subscriptions (guild_id, user_id, locale, subscribed_at) "
            "VALUES (1, 2, 'en', '2026-11-25T10:00:00+00:00'), (1, 3, 'en', ?)",
            (stamp(datetime(2026, 11, 25, 10, 0, 0, 500, tzinfo=UTC)),),
        )
    async with Store.open(path) as store:
        rows = await store.fetch_all(
            "SELECT subscribed_at FROM digest_subscriptions ORDER BY subscribed_at"
        )
    assert [row[0] for row in rows] == [
        "2026-11-25T10:00:00.000000+00:00",
        "2026-11-25T10:00:00.000500+00:00",
    ]


async def test_a_failed_change_is_rolled_back_whole(store):
    with pytest.raises(RuntimeError):
        async with store.transaction() as db:
            await db.execute("INSERT INTO bot_state (key, value) VALUES ('half', 'done')")
            raise RuntimeError("the second half failed")
    assert await read_state(store, "half") is None
    await write_state(store, "after", "works")
    assert await read_state(store, "after") == "works"


async def test_hub_settings_round_trip_with_roles(store):
    defaults = HubDefaults()
    fresh = await get_hub(store, 42, defaults)
    assert not fresh.configured
    assert fresh.timezone == "Asia/Jakarta"
    assert fresh.locale == "id"
    from dataclasses import replace

    changed = replace(
        fresh,
        gigs_channel_id=100,
        locale="en",
        moderator_role_ids=frozenset({7, 8}),
        trusted_role_ids=frozenset({9}),
    )
    await save_hub(store, changed, NOW)
    again = await get_hub(store, 42, defaults)
    assert again == replace(changed, configured=True)
    await save_hub(store, replace(again, moderator_role_ids=frozenset({8})), NOW)
    assert (await get_hub(store, 42, defaults)).moderator_role_ids == {8}


# SQLite alone: the online backup is SQLite's (PostgreSQL's is pg_dump).
async def test_backup_is_a_sound_copy_taken_while_the_store_is_open(tmp_path):
    path = tmp_path / "mozaik.db"
    async with Store.open(path) as store:
        await write_state(store, "answer", "42")
        copy = tmp_path / "copy.db"
        await backup_database(path, copy)
    with sqlite3.connect(copy) as restored:
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        value = restored.execute("SELECT value FROM bot_state WHERE key = 'answer'").fetchone()
        assert value == ("42",)


def test_migration_files_are_numbered_without_gaps():
    versions = [version for version, _, _ in _migrations()]
    assert versions == list(range(1, len(versions) + 1))


async def test_a_change_cancelled_as_its_transaction_begins_leaves_the_writer_free(store):
    change = "INSERT INTO bot_state (key, value) VALUES ('beat', 'x') ON CONFLICT (key) DO NOTHING"
    for _ in range(5):
        task = asyncio.create_task(store.write(change))
        await asyncio.sleep(0)  # it holds the write lock and waits for its BEGIN
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await write_state(store, "after", "kept")
    assert await read_state(store, "after") == "kept"
