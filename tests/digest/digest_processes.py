"""Several processes of Mozaik on one database, as the digest's tests play them."""

from datetime import datetime

from bot.instance import GRACE
from bot.store.lease import take_lease


async def serving(store, *runs: str, at: datetime) -> None:
    """Each run holds a live lease on a shard of the database at `at`, as a running process does
    (taken again, it is renewed)."""
    for shard, run in enumerate(runs):
        assert await take_lease(
            store,
            run=run,
            host="host",
            pid=100 + shard,
            now=at,
            stale_before=at - GRACE,
            name=f"shard {shard} of 4",
        )
