"""A run of Mozaik in a process of its own that claims one gig's publication CLAIMS times at
once, for test_processes.py: it opens the store, holds its shard's lease as `mozaik run --shards
SHARD --shard-count 2` holds it, prints "ready" and waits for a line on stdin (so that two such
processes claim together), then prints how many of its claims won, and its run. It holds the
lease until a second line, as a run that is still alive does: a claim whose run let its lease
go is taken over.

    PYTHONPATH=. python tests/reliability/_claim_process.py DATABASE SHARD GIG
"""

import asyncio
import sys

from bot.clock import SystemClock
from bot.config import Settings
from bot.gigs.store.claims import claim_publication
from bot.instance import THIS_RUN, held_database
from bot.shards import Shards
from bot.store import Store

CLAIMS = 5
SHARD_COUNT = 2


async def claim_together(database: str, shard: int, gig_id: int) -> None:
    """CLAIMS claims made at once, once the test says so; how many won the publication."""
    where = Settings(database=database).database  # a path or a server's URL, as in config.toml
    clock = SystemClock()
    async with (
        Store.open(where) as store,
        held_database(store, where, THIS_RUN, clock, Shards((shard,), SHARD_COUNT)),
    ):
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        claims = await asyncio.gather(
            *(claim_publication(store, gig_id, clock.now()) for _ in range(CLAIMS))
        )
        print(f"won {sum(claim is not None for claim in claims)} as {THIS_RUN}", flush=True)
        await asyncio.to_thread(sys.stdin.readline)


if __name__ == "__main__":
    database, shard, gig = sys.argv[1:]
    asyncio.run(claim_together(database, int(shard), int(gig)))
