"""The store's core on both engines: the same `?` SQL, row counts, RETURNING, rows by name and
position, transactions and `atomic`, against a small table each test makes itself (the
features' PostgreSQL schema is not this file's)."""

import asyncio
from pathlib import Path

import asyncpg
import pytest

from bot.store import Store, dialect_of, inserted_id
from bot.store import postgresql as postgres_engine

NOTES = {
    "sqlite": "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, n INTEGER)",
    "postgresql": (
        "CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " body text NOT NULL, n bigint)"
    ),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path):
    """A new database on each engine: a SQLite file, an empty PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "mozaik.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def store(where):
    """A store on each engine, with an empty table `notes` (id, body, n)."""
    engine = "sqlite" if isinstance(where, Path) else "postgresql"
    async with Store.open(where) as opened:
        async with opened.transaction() as db:
            await db.execute(NOTES[engine])
        opened.engine_name = engine
        yield opened


async def add(store, *bodies):
    async with store.transaction() as db:
        return [
            await inserted_id(
                await db.execute("INSERT INTO notes (body, n) VALUES (?, ?) RETURNING id", (b, i))
            )
            for i, b in enumerate(bodies)
        ]


async def test_an_insert_returns_its_id_and_rows_read_by_name_and_by_position(store):
    assert await add(store, "first", "second") == [1, 2]
    row = await store.fetch_one("SELECT id, body FROM notes WHERE id = ?", (2,))
    assert (row["id"], row["body"]) == (2, "second")
    assert (row[0], row[1]) == (2, "second")
    assert [tuple(r) for r in await store.fetch_all("SELECT id, n FROM notes ORDER BY id")] == [
        (1, 0),
        (2, 1),
    ]
    assert await store.fetch_one("SELECT id FROM notes WHERE id = ?", (3,)) is None


async def test_a_question_mark_inside_quotes_is_text_not_a_placeholder(store):
    await add(store, "what?", "it's ? here")
    rows = await store.fetch_all(
        "SELECT body FROM notes WHERE body IN ('what?', 'it''s ? here') AND n >= ? -- ok?"
        " ORDER BY id",
        (0,),
    )
    assert [row["body"] for row in rows] == ["what?", "it's ? here"]
    named = await store.fetch_all(
        "SELECT body FROM notes WHERE n = :n OR (body = ':n?' AND n = :n)", {"n": 1}
    )
    assert [row[0] for row in named] == ["it's ? here"]


async def test_row_counts_of_changes_as_sqlite_gives_them(store):
    await add(store, "a", "b", "c")
    assert await store.write("UPDATE notes SET body = 'x' WHERE n >= ?", (1,)) == 2
    assert await store.write("UPDATE notes SET body = 'x' WHERE n > ?", (5,)) == 0
    async with store.transaction() as db:
        many = await db.executemany("INSERT INTO notes (body) VALUES (?)", [("d",), ("e",)])
        assert many.rowcount == 2
        deleted = await db.execute("DELETE FROM notes WHERE body = ?", ("x",))
        assert deleted.rowcount == 2
        async with db.execute("SELECT body FROM notes ORDER BY id") as cursor:
            assert [row[0] for row in await cursor.fetchall()] == ["a", "d", "e"]
        assert [row[0] for row in await db.execute_fetchall("SELECT count(*) FROM notes")] == [3]


async def test_a_failed_transaction_is_rolled_back_and_atomic_returns_its_value(store):
    with pytest.raises(RuntimeError):
        async with store.transaction() as db:
            await db.execute("INSERT INTO notes (body) VALUES ('half')")
            raise RuntimeError("the second half failed")
    assert await store.fetch_all("SELECT * FROM notes") == []

    async def count_then_add(db):
        before = (await (await db.execute("SELECT count(*) FROM notes")).fetchone())[0]
        await db.execute("INSERT INTO notes (body) VALUES (?)", (f"after {before}",))
        return before

    assert await store.atomic(count_then_add) == 0
    assert await store.atomic(count_then_add) == 1


async def test_atomic_runs_again_what_lost_a_serialization_conflict(store):
    """Two transactions each count the notes, then add one saying what they counted: run side
    by side, one of them must lose (on PostgreSQL) and, run again, count the other's note."""
    both_counted = asyncio.Barrier(2)
    tries = []

    async def count_then_add(db):
        tries.append(1)
        before = (await (await db.execute("SELECT count(*) FROM notes")).fetchone())[0]
        if len(tries) <= 2 and store.engine_name == "postgresql":
            await both_counted.wait()  # the first tries of both have read before either writes
        await db.execute("INSERT INTO notes (body) VALUES (?)", (f"saw {before}",))
        return before

    counted = await asyncio.gather(store.atomic(count_then_add), store.atomic(count_then_add))
    assert sorted(counted) == [0, 1]
    rows = await store.fetch_all("SELECT body FROM notes ORDER BY body")
    assert [row[0] for row in rows] == ["saw 0", "saw 1"]
    assert len(tries) == (3 if store.engine_name == "postgresql" else 2)


async def test_atomic_gives_up_after_a_bounded_number_of_tries(postgres_url, monkeypatch):
    monkeypatch.setattr(postgres_engine, "FIRST_PAUSE_SECONDS", 0.0)
    tries = []

    async def always_conflicting(db):
        tries.append(1)
        raise asyncpg.SerializationError("could not serialize access (forced)")

    async with Store.open(postgres_url) as store:
        with pytest.raises(asyncpg.SerializationError):
            await store.atomic(always_conflicting)
    assert len(tries) == postgres_engine.TRIES


async def test_a_change_cancelled_as_it_begins_leaves_the_store_usable(store):
    for _ in range(5):
        task = asyncio.create_task(store.write("INSERT INTO notes (body) VALUES ('cancelled')"))
        await asyncio.sleep(0)  # under way: waiting for its connection or its BEGIN
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await add(store, "after")
    rows = await store.fetch_all("SELECT body FROM notes WHERE body = ?", ("after",))
    assert [row[0] for row in rows] == ["after"]


async def test_a_store_and_its_transactions_name_their_dialect(engine, store_database):
    async with Store.open(store_database) as store, store.transaction() as db:
        assert dialect_of(db) == dialect_of(store) == store.dialect == engine
