"""The writer's commits at synchronous=NORMAL and FULL, on a copy of the hub.

NORMAL (in WAL mode) keeps every commit through a crash of the process; FULL also through a
power loss or a kernel crash, at the price of syncing the log on every commit. Each side runs the
real store functions: the smallest write (one row of bot_state) and a gig submission (the gig
and its skills). The FULL row's floor is the same write at NORMAL, so its ratio is what FULL
costs.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from benchmarks.hub import GUILD_ID, NOW
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


async def run(path: Path, budget: Budget) -> list[Row]:
    measured: dict[tuple[str, Synchronous], Sample] = {}
    counter = itertools.count()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "hub.db"
        shutil.copy(path, copy)
        for synchronous in ("NORMAL", "FULL"):
            async with Store.open(copy, synchronous=synchronous) as store:

                async def one_row(s: Store = store) -> None:
                    await write_state(s, "benchmark", str(next(counter)))

                async def a_gig(s: Store = store) -> None:
                    poster = 1_000 + next(counter)
                    await create_gig(s, guild_id=GUILD_ID, poster_id=poster, terms=TERMS, now=NOW)

                for name, call in (("one row", one_row), ("a gig submitted", a_gig)):
                    measured[name, synchronous] = sample = await measure_async(call, budget)
                    print(f"  {name} at {synchronous}: p50 {sample.p50:.2f} ms", flush=True)
    return [
        Row(SECTION, f"{name} at synchronous={synchronous}", sample, floor, note="1 commit")
        for (name, synchronous), sample in measured.items()
        for floor in [measured[name, "NORMAL"] if synchronous == "FULL" else None]
    ]
