"""The writer's commits at two levels of durability, on a copy of the hub.

On SQLite, synchronous=NORMAL (in WAL mode) keeps every commit through a crash of the process;
FULL also through a power loss or a kernel crash, at the price of syncing the log on every
commit. On PostgreSQL, synchronous_commit=off answers a commit before its WAL is flushed (a
crash of the server may lose the last commits, never consistency); on, the server's setting
here, waits for the flush. Each side runs the real store functions: the smallest write (one row
of bot_state) and a gig submission (the gig and its skills). The durable row's floor is the same
write at the lighter level, so its ratio is what durability costs.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path

from benchmarks.databases import HubDatabase, engine_of, scratch_copy
from benchmarks.hub import GUILD_ID, NOW
from benchmarks.postgres_server import set_for_database
from benchmarks.timing import Budget, Row, Sample, measure_async
from bot.gigs.model import (
    Compensation,
    Engagement,
    GigKind,
    GigTerms,
    Level,
    LocationType,
    PayPeriod,
)
from bot.gigs.store.records import create_gig
from bot.store import Store, Synchronous
from bot.store.bot_state import write_state

SECTION = "writes"
TERMS = GigTerms(
    kind=GigKind.HIRING,
    title="Logo and packaging for a coffee shop",
    description="Our coffee shop in Bandung needs a logo and bag design: three concepts.",
    skills=("graphic-design", "packaging-design"),
    engagement=Engagement.PROJECT,
    compensation=Compensation("IDR", Decimal(5_000_000), Decimal(8_000_000), PayPeriod.PROJECT),
    location=LocationType.REMOTE,
    city=None,
    level=Level.MID,
    apply_by=None,
    apply_url=None,
    delivery_days=None,
)


# The setting, and its lighter and durable levels, by engine.
LEVELS: dict[str, tuple[str, tuple[str, str]]] = {
    "sqlite": ("synchronous", ("NORMAL", "FULL")),
    "postgresql": ("synchronous_commit", ("off", "on")),
}


@asynccontextmanager
async def _at_level(database: HubDatabase, level: str) -> AsyncIterator[Store]:
    if isinstance(database, Path):
        synchronous: Synchronous = "FULL" if level == "FULL" else "NORMAL"
        async with Store.open(database, synchronous=synchronous) as store:
            yield store
        return
    await set_for_database(database, "synchronous_commit", level)
    async with Store.open(database) as store:
        yield store


async def run(database: HubDatabase, budget: Budget) -> list[Row]:
    measured: dict[tuple[str, str], Sample] = {}
    counter = itertools.count()
    setting, (lighter, durable) = LEVELS[engine_of(database)]
    async with scratch_copy(database) as copy:
        for level in (lighter, durable):
            async with _at_level(copy, level) as store:

                async def one_row(s: Store = store) -> None:
                    await write_state(s, "benchmark", str(next(counter)))

                async def a_gig(s: Store = store) -> None:
                    poster = 1_000 + next(counter)
                    await create_gig(s, guild_id=GUILD_ID, poster_id=poster, terms=TERMS, now=NOW)

                for name, call in (("one row", one_row), ("a gig submitted", a_gig)):
                    measured[name, level] = sample = await measure_async(call, budget)
                    print(f"  {name} at {level}: p50 {sample.p50:.2f} ms", flush=True)
    return [
        Row(SECTION, f"{name} at {setting}={level}", sample, floor, note="1 commit")
        for (name, level), sample in measured.items()
        for floor in [measured[name, lighter] if level == durable else None]
    ]
