"""The store's reads at scale: the feature stores' functions through aiosqlite, against two floors.

The same-SQL floor is the very SQL those functions sent (caught by a Store that records its
reads) run again, with the same parameters, through the standard sqlite3 module, synchronously,
on the same file: what a call costs beyond it is aiosqlite's thread hop and turning rows into
objects. It says nothing of whether the SQL is any good: a slow query is its own floor.

The page floor is the physical limit of this design: one page of whole rows read through the
standard sqlite3 module along an index in the order the read shows them (the board's, the
skill's ranking, the keyword index's), without counting, ranking or filtering anything.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import asyncpg

from benchmarks.databases import UNPORTED, reason
from benchmarks.hub import GUILD_ID, NOW
from benchmarks.timing import Budget, Row, Sample, measure_async, measure_sync
from bot.database import PostgresAddress, parse_database
from bot.digest.store import week as digest_store
from bot.digest.store.personal import personal_matches
from bot.gigs.model import Engagement, LocationType
from bot.gigs.search import GigFilters, fts_query
from bot.gigs.store import board as gig_board
from bot.gigs.store.board import SWEEP_BATCH
from bot.intros.search import PersonMatch
from bot.intros.store import people as profile_store
from bot.skills.store import hub_taxonomy
from bot.store import Dialect, Params, Store
from bot.store.placeholders import arguments, numbered
from bot.store.stamps import stamp

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
    # One page read along an index in the order shown: the physical limit (None: not a page).
    page: Statement | None = None


PAGE = 10
# One page read along an index in the order shown, in each engine's SQL: SQLite is told the
# index and the join order (INDEXED BY, CROSS JOIN), PostgreSQL plans them by itself; its keyword
# index is the partial GIN index of published gigs, answering a tsquery (OR of word prefixes).
PAGES: dict[Dialect, dict[str, str]] = {
    "sqlite": {
        "board": "SELECT g.* FROM gigs g INDEXED BY gigs_board WHERE g.guild_id = ?"
        " AND g.status = 'approved' ORDER BY g.published_at DESC, g.id DESC LIMIT ?",
        "skill board": "SELECT g.* FROM board_skills b CROSS JOIN gigs g ON g.id = b.gig_id"
        " WHERE b.guild_id = ? AND b.skill = ? ORDER BY b.published_at DESC, b.gig_id DESC LIMIT ?",
        "keyword": "SELECT g.* FROM gigs_fts CROSS JOIN gigs g ON g.id = gigs_fts.rowid"
        " WHERE gigs_fts MATCH ? ORDER BY gigs_fts.rowid DESC LIMIT ?",
        "people": "SELECT p.* FROM people_ranked r CROSS JOIN profiles p"
        " ON p.guild_id = r.guild_id AND p.user_id = r.user_id WHERE r.guild_id = ? AND r.skill = ?"
        " ORDER BY r.unendorsed, r.availability_rank, r.updated_at DESC, r.user_id LIMIT ?",
    },
    "postgresql": {
        "board": "SELECT g.* FROM gigs g WHERE g.guild_id = ?"
        " AND g.status = 'approved' ORDER BY g.published_at DESC, g.id DESC LIMIT ?",
        "skill board": "SELECT g.* FROM board_skills b JOIN gigs g ON g.id = b.gig_id"
        " WHERE b.guild_id = ? AND b.skill = ? ORDER BY b.published_at DESC, b.gig_id DESC LIMIT ?",
        "keyword": "SELECT g.* FROM gigs g WHERE g.status = 'approved'"
        " AND mozaik_gig_search(g.title, g.description) @@ to_tsquery('simple', mozaik_unaccent(?))"
        " ORDER BY g.id DESC LIMIT ?",
        "people": "SELECT p.* FROM people_ranked r JOIN profiles p"
        " ON p.guild_id = r.guild_id AND p.user_id = r.user_id WHERE r.guild_id = ? AND r.skill = ?"
        " ORDER BY r.unendorsed, r.availability_rank, r.updated_at DESC, r.user_id LIMIT ?",
    },
}
EXPIRY_PAGE = (
    "SELECT * FROM gigs WHERE status = 'approved' AND expires_at > ?"
    " ORDER BY expires_at, id LIMIT ?"
)


def keywords(dialect: Dialect, words: str) -> str:
    """The keyword index's query for the words, in the engine's language."""
    if dialect == "sqlite":
        return fts_query(words)
    return " | ".join(f"{word}:*" for word in dict.fromkeys(words.lower().split()))


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
    # Where PostgreSQL refuses the SQL of a setup step (not yet ported), the cases needing it
    # run it themselves, fail on their first call and are skipped with the reason.
    features: frozenset[str] | None = None
    with contextlib.suppress(*UNPORTED):
        features = await digest_store.installed_features(store)
    week_start = NOW - timedelta(days=7)
    pages = PAGES[store.dialect]

    def board(label: str, filters: GigFilters, page: int = 0, after: int | None = None) -> Case:
        floor: Statement = (pages["board"], (GUILD_ID, PAGE))
        if filters.skill is not None:
            floor = (pages["skill board"], (GUILD_ID, filters.skill, PAGE))
        return Case(
            f"gig list: {label}",
            lambda s: gig_board.board(
                s, GUILD_ID, filters, NOW, limit=PAGE, offset=page * PAGE, after=after
            ),
            page=floor,
        )

    def search(words: str) -> Case:
        return Case(
            f"gig search: {words!r}",
            lambda s: gig_board.search(s, GUILD_ID, words, limit=PAGE, offset=0),
            page=(pages["keyword"], (keywords(store.dialect, words), PAGE)),
        )

    def people(label: str, skills: list[str], after: PersonMatch | None = None) -> Case:
        return Case(
            f"people by skill: {label}",
            lambda s: profile_store.find_page(
                s, GUILD_ID, skills, page=4 if after else 0, after=after
            ),
            page=(pages["people"], (GUILD_ID, skills[0], PAGE)),
        )

    async def autocomplete(s: Store) -> object:
        return (await hub_taxonomy(s, GUILD_ID)).autocomplete(typed, "en")

    # Page 5 as a member reaches it, pressing Next: each page starts after the last one's end.
    after_gig: int | None = None
    with contextlib.suppress(*UNPORTED):
        for number in range(4):
            shown = await gig_board.board(
                store, GUILD_ID, GigFilters(skill=common), NOW, limit=PAGE, offset=number * PAGE,
                after=after_gig,
            )  # fmt: skip
            after_gig = shown.next_after
    after_person: PersonMatch | None = None
    with contextlib.suppress(*UNPORTED):
        for number in range(4):
            found = await profile_store.find_page(
                store, GUILD_ID, [common], page=number, after=after_person
            )
            after_person = found.people[-1]

    async def week(s: Store) -> object:
        installed = features if features is not None else await digest_store.installed_features(s)
        return await digest_store.load_week(s, GUILD_ID, week_start, NOW, installed)

    expiry_floor: Statement = (EXPIRY_PAGE, (stamp(NOW), SWEEP_BATCH))
    return [
        board("no filter", GigFilters()),
        board("no filter, page 5", GigFilters(), page=4),
        board("common skill", GigFilters(skill=common)),
        board("common skill, page 5 by Next", GigFilters(skill=common), page=4, after=after_gig),
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
        people("common skill, page 5 by Next", [common], after=after_person),
        people("rare skill", [rare]),
        people("two skills", [common, middling]),
        Case(
            "skill autocomplete: three letters",
            autocomplete,
            in_memory=lambda: taxonomy.autocomplete(typed, "en"),
        ),
        Case(
            "digest: one week's queries",
            week,
        ),
        Case(
            "digest: a subscriber's matches, common + middling skill",
            lambda s: personal_matches(s, GUILD_ID, week_start, NOW, {common, middling}, 0),
        ),
        Case(
            "expiry job: a batch of expired gigs",
            lambda s: gig_board.expired_gigs(s, NOW),
            page=expiry_floor,
        ),
        Case(
            "expiry job: a batch expiring in 3 days",
            lambda s: gig_board.gigs_expiring_between(s, NOW, NOW + timedelta(days=3)),
            page=expiry_floor,
        ),
    ]


class Replay(Protocol):
    """The floor's way of running SQL: the engine's driver alone, on the same database."""

    async def measure(
        self, statements: list[Statement], in_memory: Callable[[], object] | None, budget: Budget
    ) -> Sample: ...

    async def close(self) -> None: ...


class SqliteReplay:
    """The standard sqlite3 module, synchronously: no thread hop, no objects built."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.row_factory = sqlite3.Row

    async def measure(
        self, statements: list[Statement], in_memory: Callable[[], object] | None, budget: Budget
    ) -> Sample:
        return measure_sync(lambda: self._run(statements, in_memory), budget)

    def _run(self, statements: list[Statement], in_memory: Callable[[], object] | None) -> None:
        for sql, params in statements:
            self._db.execute(sql, params).fetchall()
        if in_memory is not None:
            in_memory()

    async def close(self) -> None:
        self._db.close()


class PostgresReplay:
    """One asyncpg connection of its own, the SQL numbered as the store numbers it: no pool,
    no transaction, no objects built (asyncpg has no synchronous way)."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._db = connection

    @classmethod
    async def connect(cls, url: str) -> PostgresReplay:
        where = parse_database(url)
        assert isinstance(where, PostgresAddress)
        connection = await asyncpg.connect(
            host=where.host, port=where.port, user=where.user, database=where.database
        )
        return cls(connection)

    async def measure(
        self, statements: list[Statement], in_memory: Callable[[], object] | None, budget: Budget
    ) -> Sample:
        async def run() -> None:
            for sql, params in statements:
                translated = numbered(sql)
                await self._db.fetch(translated.sql, *arguments(translated.names, params))
            if in_memory is not None:
                in_memory()

        return await measure_async(run, budget)

    async def close(self) -> None:
        await self._db.close()


async def replay(database: Path | str) -> Replay:
    if isinstance(database, Path):
        return SqliteReplay(database)
    return await PostgresReplay.connect(database)


async def run(database: Path | str, budget: Budget) -> list[Row]:
    rows = []
    floor_db = await replay(database)
    try:
        async with RecordingStore.open(database) as store:
            assert isinstance(store, RecordingStore)
            for case in await cases(store):
                store.recording = []
                try:
                    await case.call(store)
                except UNPORTED as error:
                    print(f"  {case.name}: skipped on {store.dialect}: {reason(error)}", flush=True)
                    continue
                statements, store.recording = store.recording, None
                measured = await measure_async(lambda c=case: c.call(store), budget)  # type: ignore[misc]
                floor = await floor_db.measure(statements, case.in_memory, budget)
                page = None
                if case.page is not None or case.in_memory is not None:
                    page = await floor_db.measure(
                        [case.page] if case.page else [], case.in_memory, budget
                    )
                note = f"{len(statements)} SQL"
                rows.append(Row(SECTION, case.name, measured, floor, note=note, page_floor=page))
                print(
                    f"  {case.name}: p50 {measured.p50:.2f} ms, floor {floor.p50:.2f} ms",
                    flush=True,
                )
    finally:
        await floor_db.close()
    return rows
