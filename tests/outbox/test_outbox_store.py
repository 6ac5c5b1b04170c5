"""The outbox's store: letters owed once per recipient and item, claimed as a lease (never from
a live run, taken over from a dead one), and the direct messages sent before the outbox (skill
alerts, personal digests) kept as sent."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.database import parse_database
from bot.outbox.model import Kind, Outcome, Status
from bot.outbox.store import (
    Address,
    add_letters,
    claim_letters,
    due_letters,
    next_due,
    record_outcomes,
)
from bot.store import Store
from bot.store.lease import take_lease
from bot.store.postgresql import PostgresEngine, postgresql_migrations
from bot.store.schema import migrations

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LIVE_RUN, DEAD_RUN = "live run", "dead run"


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as store:
        yield store


async def owe(store, *user_ids, item_id=5, guild_id=1, at=NOW):
    async with store.transaction() as db:
        to = [Address(user_id, "en") for user_id in user_ids]
        return await add_letters(db, Kind.SKILL_ALERT, guild_id, item_id, to, at)


async def test_a_sharded_process_sees_only_the_letters_of_the_hubs_it_serves(store):
    await owe(store, 1, guild_id=1, at=NOW - timedelta(hours=1))  # another process's, older
    await owe(store, 2, guild_id=2)
    [own] = await due_letters(store, NOW, 10, guild_ids=[2])

    assert len(await due_letters(store, NOW, 10)) == 2, "unsharded: every hub's"
    assert await due_letters(store, NOW, 10, guild_ids=[]) == []
    assert [letter.guild_id for letter in await claim_letters(store, [own], NOW)] == [2]
    # The older letter is not this process's to wait for: it wakes for its own.
    assert await next_due(store, guild_ids=[2]) == NOW
    assert await next_due(store) == NOW - timedelta(hours=1)


async def test_a_letter_is_owed_once_per_recipient_and_item(store):
    assert await owe(store, 1, 2) == 2
    assert await owe(store, 2, 3) == 1
    assert await owe(store, 2, item_id=6) == 1
    assert len(await due_letters(store, NOW, 100)) == 4


async def test_a_letter_is_claimed_once_and_counts_its_attempts(store):
    await owe(store, 1)
    [letter_id] = await due_letters(store, NOW, 10)
    [first] = await claim_letters(store, [letter_id], NOW)
    assert not first.tried_before
    assert await claim_letters(store, [letter_id], NOW) == []  # this run is sending it
    retry_at = NOW + timedelta(seconds=30)
    await record_outcomes(store, [Outcome(letter_id, Status.WAITING, retry_at=retry_at)], NOW)
    assert await due_letters(store, NOW, 10) == []
    [again] = await claim_letters(store, await due_letters(store, retry_at, 10), retry_at)
    assert again.tried_before  # so it is looked for in the member's DMs first
    await record_outcomes(store, [Outcome(letter_id, Status.SENT, message_id=9)], retry_at)
    assert await due_letters(store, retry_at + timedelta(days=1), 10) == []


async def test_a_live_runs_claim_is_kept_and_a_dead_runs_taken_over(store):
    await owe(store, 1, 2)
    first, second = await due_letters(store, NOW, 10)
    assert await take_lease(
        store, run=LIVE_RUN, host="host", pid=1, now=NOW, stale_before=NOW - timedelta(minutes=1)
    )
    assert len(await claim_letters(store, [first], NOW, run=LIVE_RUN)) == 1
    assert len(await claim_letters(store, [second], NOW, run=DEAD_RUN)) == 1
    later = NOW + timedelta(seconds=5)
    [taken] = await claim_letters(store, [first, second], later)
    assert taken.id == second and taken.tried_before


OLD_STAMP = "2026-11-01T09:00:00.000000+00:00"
# A skill alert and a run's personal digests, as the tables before the outbox kept them.
SENT_BEFORE_THE_OUTBOX = [
    (
        "INSERT INTO sent_skill_alerts (guild_id, gig_id, user_id, sent_at) VALUES (1, 5, 2, ?)",
        (OLD_STAMP,),
    ),
    (
        "INSERT INTO digest_runs (guild_id, iso_week, due_at, status, created_at)"
        " VALUES (1, '2026-W46', ?, 'sent', ?)",
        (OLD_STAMP, OLD_STAMP),
    ),
    *(
        (
            "INSERT INTO digest_deliveries (guild_id, iso_week, user_id, status, parts_sent,"
            " updated_at) VALUES (1, '2026-W46', ?, ?, ?, ?)",
            (user_id, status, parts_sent, OLD_STAMP),
        )
        for user_id, status, parts_sent in [(2, "sent", 2), (3, "closed", 0), (4, "sending", 1)]
    ),
]
LETTERS_MADE_OF_THEM = [
    ("personal_digest", 20264600, 2, "sent"),
    ("personal_digest", 20264601, 2, "sent"),
    ("personal_digest", 20264600, 3, "closed"),
    ("personal_digest", 20264600, 4, "sent"),  # the part sent before the run was cut short
    ("skill_alert", 5, 2, "sent"),
    ("skill_alert", 5, 3, "waiting"),
]


async def _letters_and_tables(database, tables_query):
    """Open the old database, bringing it past the outbox migration; owe letters already sent
    and one not; the letters then, and the tables left."""
    async with Store.open(database) as store:
        assert await owe(store, 2, 3) == 1
        rows = await store.fetch_all(
            "SELECT kind, item_id, user_id, status FROM outbox ORDER BY kind, user_id, item_id"
        )
        tables = {row["name"] for row in await store.fetch_all(tables_query)}
    return [tuple(row) for row in rows], tables


async def test_the_direct_messages_sent_before_the_outbox_are_not_sent_again(tmp_path):
    # SQLite's own migrations, on a file stopped before the outbox with PRAGMA user_version,
    # its tables read from sqlite_master: PostgreSQL's twin is the test below.
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        for version, name, script in migrations():
            if name == "outbox":
                break
            old.executescript(script)
            old.execute(f"PRAGMA user_version = {version}")
        for sql, params in SENT_BEFORE_THE_OUTBOX:
            old.execute(sql, params)
    letters, tables = await _letters_and_tables(path, "SELECT name FROM sqlite_master")
    assert letters == LETTERS_MADE_OF_THEM
    assert not {"sent_skill_alerts", "digest_deliveries"} & tables


async def test_postgresqls_outbox_migration_keeps_what_was_sent_before_it(postgres_url):
    known = postgresql_migrations()
    before = known[: [name for _, name, _ in known].index("outbox")]
    address = parse_database(postgres_url)
    async with (
        PostgresEngine.open(address, migrations=before) as old,
        old.transaction() as db,
    ):
        for sql, params in SENT_BEFORE_THE_OUTBOX:
            await db.execute(sql, params)
    catalog = "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
    letters, tables = await _letters_and_tables(postgres_url, catalog)
    assert letters == LETTERS_MADE_OF_THEM
    assert "outbox" in tables
    assert not {"sent_skill_alerts", "digest_deliveries"} & tables
