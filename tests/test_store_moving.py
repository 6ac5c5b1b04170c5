"""Moving a hub's data between stores (`mozaik migrate-store`): the sandbox tour's hub, with rows
in every feature, goes from SQLite to PostgreSQL and back and comes back identical by each
table's checksum; a target that already has rows is refused."""

from __future__ import annotations

import asyncio
import io
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.sandbox.tour import run_tour
from bot.store import Store
from bot.store.moving import MoveRefused, TableCheck, move_store
from bot.store.tables import read_tables

# What the tour leaves, one table or more per feature: a move that dropped one would show.
FEATURE_TABLES = (
    "hubs",
    "gigs",
    "gig_interests",
    "profiles",
    "profile_skills",
    "people_ranked",
    "collab_requests",
    "digest_subscriptions",
    "engagements",
    "testimonials",
    "outbox",
)


async def _play(database: Path) -> None:
    printed = io.StringIO()
    assert await run_tour(printed, database), printed.getvalue()


@pytest.fixture(scope="module")
def toured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SQLite database holding what the sandbox tour's hub did, played once for the module."""
    folder = tmp_path_factory.mktemp("toured")
    with pytest.MonkeyPatch.context() as patch, ThreadPoolExecutor(max_workers=1) as thread:
        patch.chdir(folder)  # the tour saves its chart below the working directory
        thread.submit(asyncio.run, _play(folder / "tour.db")).result()
        yield folder / "tour.db"


async def _moved(source: Path | str, target: Path | str) -> list[TableCheck]:
    async with Store.open(source) as origin, Store.open(target) as copy:
        return await move_store(origin, copy)


def _sums(checks: list[TableCheck], side: str) -> dict[str, tuple[int, str]]:
    return {
        check.name: (getattr(check, f"{side}_rows"), getattr(check, f"{side}_sum"))
        for check in checks
    }


async def test_the_tours_hub_moves_to_postgresql_and_back_identical(toured, postgres_url, tmp_path):
    there = await _moved(toured, postgres_url)
    assert [check.name for check in there if not check.same] == []
    filled = {check.name for check in there if check.source_rows}
    assert set(FEATURE_TABLES) <= filled, set(FEATURE_TABLES) - filled
    back = await _moved(postgres_url, tmp_path / "back.db")
    assert [check.name for check in back if not check.same] == []
    assert _sums(back, "target") == _sums(there, "source")


async def test_a_move_to_postgresql_hands_out_ids_past_the_copied_ones(toured, postgres_url):
    await _moved(toured, postgres_url)
    async with Store.open(postgres_url) as copy:
        largest = await copy.fetch_one("SELECT max(id) FROM gigs")
        after = await copy.fetch_one("SELECT nextval(pg_get_serial_sequence('gigs', 'id'))")
    assert largest is not None and after is not None
    assert after[0] == largest[0] + 1


async def test_a_move_between_two_sqlite_files_keeps_every_row(toured, tmp_path):
    checks = await _moved(toured, tmp_path / "copy.db")
    assert [check.name for check in checks if not check.same] == []
    # SQLite's implicit row numbers, which some readers order by, come along.
    async with Store.open(tmp_path / "copy.db") as copy:
        tables = await read_tables(copy)
    assert "rowid" in tables["gig_interests"].columns


async def test_a_target_with_rows_is_refused_and_left_as_it_was(toured, store_database):
    async with Store.open(store_database) as target:
        await target.write("INSERT INTO bot_state (key, value) VALUES ('mine', 'kept')")
    with pytest.raises(MoveRefused, match=r"already has rows \(in bot_state\)"):
        await _moved(toured, store_database)
    async with Store.open(store_database) as target:
        assert await target.fetch_all("SELECT id FROM gigs") == []
        assert [tuple(row) for row in await target.fetch_all("SELECT * FROM bot_state")] == [
            ("mine", "kept")
        ]


# A row for each table the tour leaves empty, so that a move is shown every table: (SQL, params)
# with the hub's guild id, and a gig and a request of the tour's where a key points at one.
AT = "2026-01-05T10:00:00.000000+00:00"
FILLING = (
    ("INSERT INTO collab_drafts VALUES (:guild, 7, '{}', :at)", {}),
    ("INSERT INTO collab_invites SELECT min(id), 7, :at FROM collab_requests", {}),
    ("INSERT INTO digest_runs VALUES (:guild, '2026-W02', :at, 'sent', 5, '[]', :at, :at, "
     "'run-1', NULL)", {}),
    ("INSERT INTO digest_run_messages VALUES (:guild, '2026-W02', 0, 99)", {}),
    ("INSERT INTO endorsements VALUES (:guild, 7, 8, 'python', :at)", {}),
    ("INSERT INTO gig_drafts (guild_id, user_id, gig_id, payload, created_at) "
     "VALUES (:guild, 7, NULL, '{\"title\": \"Café\"}', :at)", {}),
    ("INSERT INTO gig_reports SELECT min(id), 7, 'scam', :at FROM gigs", {}),
    ("INSERT INTO hub_blocked_domains VALUES (:guild, 'spam.example')", {}),
    ("INSERT INTO hub_skill_aliases VALUES (:guild, 'py', 'Py', 'python', :at)", {}),
    ("INSERT INTO hub_skill_merges VALUES (:guild, 'js', 'javascript', :at)", {}),
    ("INSERT INTO hub_skill_versions VALUES (:guild, 3)", {}),
    ("INSERT INTO hub_skills VALUES (:guild, 'batik', 'Batik', 7, :at)", {}),
    ("INSERT INTO instance_lease VALUES ('mozaik', 'run-1', 'host', 42, :at, :at)", {}),
    ("INSERT INTO intro_post_removals VALUES (5, 6, :guild, 7, :at, 2)", {}),
    ("INSERT INTO posting_bans VALUES (:guild, 9, 'spam', 7, :at, NULL)", {}),
    ("INSERT INTO profile_drafts VALUES (:guild, 7, '{}', :at)", {}),
)  # fmt: skip
# A table of the kinds of value SQLite holds, where PostgreSQL's columns are of other types:
# 0 and 1 for a boolean, a REAL for a double precision, a BLOB for a bytea.
KINDS_SQLITE = (
    "CREATE TABLE moved_kinds (id INTEGER PRIMARY KEY, flag INTEGER, ratio REAL, data BLOB, "
    "note TEXT)"
)
KINDS_POSTGRESQL = (
    "CREATE TABLE moved_kinds (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
    "flag BOOLEAN, ratio DOUBLE PRECISION, data BYTEA, note TEXT)"
)
KINDS = [
    (1, 1, 0.25, b"\x00\xff", "ünïcödé"),
    (2, 0, None, None, None),
    (5, None, -1e300, b"", ""),
]


async def _every_table(toured: Path, path: Path, kinds: list[tuple[object, ...]]) -> None:
    shutil.copyfile(toured, path)
    async with Store.open(path) as store:
        hub = await store.fetch_one("SELECT min(guild_id) FROM hubs")
        assert hub is not None
        for sql, _ in FILLING:
            await store.write(sql, {"guild": hub[0], "at": AT})
        await store.write(KINDS_SQLITE)
        async with store.transaction() as db:
            await db.executemany("INSERT INTO moved_kinds VALUES (?, ?, ?, ?, ?)", kinds)


async def test_a_move_of_every_table_into_postgresql_verifies_and_goes_on_from_it(
    toured, postgres_database, tmp_path
):
    source = tmp_path / "every.db"
    await _every_table(toured, source, KINDS)
    async with Store.open(postgres_database) as target:
        await target.write(KINDS_POSTGRESQL)
    checks = await _moved(source, postgres_database)
    assert [check.name for check in checks if not check.same] == []
    assert [check.name for check in checks if not check.source_rows] == []
    async with Store.open(postgres_database) as copy:
        kinds = [
            tuple(row) for row in await copy.fetch_all("SELECT * FROM moved_kinds ORDER BY id")
        ]
        # The next row of a table gets an id past those copied, not one already taken.
        new_kind = await copy.fetch_one("INSERT INTO moved_kinds (flag) VALUES (true) RETURNING id")
        draft = await copy.fetch_one(
            "INSERT INTO gig_drafts (guild_id, user_id, payload, created_at) "
            "VALUES (1, 2, '{}', ?) RETURNING id",
            (AT,),
        )
        drafts = await copy.fetch_all("SELECT id FROM gig_drafts")
    assert kinds == [
        (1, True, 0.25, b"\x00\xff", "ünïcödé"),
        (2, False, None, None, None),
        (5, None, -1e300, b"", ""),
    ]
    assert new_kind is not None and new_kind[0] == 6
    assert draft is not None and sorted(row[0] for row in drafts)[-1] == draft[0] > 1


async def test_a_value_postgresql_cannot_take_refuses_the_move_in_one_line(
    toured, postgres_database, tmp_path
):
    source = tmp_path / "every.db"
    # SQLite keeps text that is no number in an INTEGER column; a boolean takes no 'yes'.
    await _every_table(toured, source, [*KINDS, (6, "yes", None, None, None)])
    async with Store.open(postgres_database) as target:
        await target.write(KINDS_POSTGRESQL)
    with pytest.raises(MoveRefused, match=r"^copying moved_kinds failed: [^\n]+$"):
        await _moved(source, postgres_database)
