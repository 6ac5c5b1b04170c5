"""Moving a hub's data between stores (`mozaik migrate-store`): the sandbox tour's hub, with rows
in every feature, goes from SQLite to PostgreSQL and back and comes back identical by each
table's checksum; a target that already has rows is refused."""

from __future__ import annotations

import asyncio
import io
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
