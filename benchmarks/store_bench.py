"""The store's reads at scale: the feature stores' functions through aiosqlite, against a floor.

The floor is the very SQL those functions sent (caught by a Store that records its reads) run
again, with the same parameters, through the standard sqlite3 module, synchronously, on the same
file. What a call costs beyond the floor is aiosqlite's thread hop and turning rows into objects.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from benchmarks.hub import GUILD_ID, NOW
from benchmarks.timing import Budget, Row, measure_async, measure_sync
from bot.digest.store import week as digest_store
from bot.gigs.model import Engagement, LocationType
from bot.gigs.search import GigFilters
from bot.gigs.store import board as gig_board
from bot.intros.store import people as profile_store
from bot.skills.store import hub_taxonomy
from bot.store import Params, Store

SECTION = "store"
Statement = tuple[str, Params]


class RecordingStore(Store):
    """A Store that notes every read while `recording` is a list."""

    recording: list[Statement] | None = None

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        if self.recording is not None:
            self.recording.append((sql, params))
        return await super().fetch_one(sql, params)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        if self.recording is not None:
            self.recording.append((sql, params))
        return await super().fetch_all(sql, params)


@dataclass(frozen=True)
class Case:
    name: str
    call: Callable[[Store], Awaitable[object]]
    # Work the call does besides SQL that a synchronous caller would do just the same.
    in_memory: Callable[[], object] | None = None


async def skills_by_popularity(store: Store) -> list[str]:
    rows = await store.fetch_all(
        "SELECT skill, COUNT(*) FROM profile_skills WHERE guild_id = ? GROUP BY skill"
        " ORDER BY 2 DESC, skill",
        (GUILD_ID,),
    )
    return [row[0] for row in rows]


async def cases(store: Store) -> list[Case]:
    popular = await skills_by_popularity(store)
    common, middling, rare = popular[0], popular[len(popular) // 10], popular[len(popular) * 3 // 4]
    taxonomy = await hub_taxonomy(store, GUILD_ID)
    typed = taxonomy.get(middling).name("en")[:3]  # type: ignore[union-attr]
    features = await digest_store.installed_features(store)
    week_start = NOW - timedelta(days=7)

    def board(label: str, filters: GigFilters, page: int = 0) -> Case:
        return Case(
            f"gig list: {label}",
            lambda s: gig_board.board(s, GUILD_ID, filters, NOW, limit=10, offset=page * 10),
        )

    def search(words: str) -> Case:
        return Case(
            f"gig search: {words!r}",
            lambda s: gig_board.search(s, GUILD_ID, words, limit=10, offset=0),
        )

    def people(label: str, skills: list[str]) -> Case:
        return Case(
            f"people by skill: {label}", lambda s: profile_store.find_page(s, GUILD_ID, skills)
        )

    async def autocomplete(s: Store) -> object:
        return (await hub_taxonomy(s, GUILD_ID)).autocomplete(typed, "en")

    return [
        board("no filter", GigFilters()),
        board("no filter, page 5", GigFilters(), page=4),
        board("common skill", GigFilters(skill=common)),
        board("rare skill", GigFilters(skill=rare)),
        board(
            "engagement+location+min pay",
            GigFilters(
                engagement=Engagement.PROJECT,
                location=LocationType.REMOTE,
                min_pay=Decimal(20_000_000),
                currency="IDR",
            ),
        ),
        search("logo"),
        search("react developer bandung"),
        search("de"),
        people("common skill", [common]),
        people("rare skill", [rare]),
        people("two skills", [common, middling]),
        Case(
            f"skill autocomplete: {typed!r}",
            autocomplete,
            in_memory=lambda: taxonomy.autocomplete(typed, "en"),
        ),
        Case(
            "digest: one week's queries",
            lambda s: digest_store.load_week(s, GUILD_ID, week_start, NOW, features),
        ),
        Case("expiry job: expired gigs", lambda s: gig_board.expired_gigs(s, NOW)),
        Case(
            "expiry job: expiring in 3 days",
            lambda s: gig_board.gigs_expiring_between(s, NOW, NOW + timedelta(days=3)),
        ),
    ]


async def run(path: Path, budget: Budget) -> list[Row]:
    rows = []
    floor_db = sqlite3.connect(path, isolation_level=None)
    floor_db.row_factory = sqlite3.Row
    try:
        async with RecordingStore.open(path) as store:
            assert isinstance(store, RecordingStore)
            for case in await cases(store):
                store.recording = []
                await case.call(store)
                statements, store.recording = store.recording, None
                measured = await measure_async(lambda c=case: c.call(store), budget)  # type: ignore[misc]
                floor = measure_sync(
                    lambda c=case, s=statements: _floor(floor_db, s, c.in_memory),  # type: ignore[misc]
                    budget,
                )
                note = f"{len(statements)} SQL"
                rows.append(Row(SECTION, case.name, measured, floor, note=note))
                print(
                    f"  {case.name}: p50 {measured.p50:.2f} ms, floor {floor.p50:.2f} ms",
                    flush=True,
                )
    finally:
        floor_db.close()
    return rows


def _floor(
    db: sqlite3.Connection, statements: list[Statement], in_memory: Callable[[], object] | None
) -> None:
    for sql, params in statements:
        db.execute(sql, params).fetchall()
    if in_memory is not None:
        in_memory()
