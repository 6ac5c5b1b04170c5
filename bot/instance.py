"""One running Mozaik per database, or per shard of it.

Two runs on one database would both publish what catch-up finds (an overlapping deploy, a
double start), so a run holds the database's instance lease (bot/store/lease.py) from start to
stop and renews it every HEARTBEAT; a sharded run holds one lease per shard it serves instead
(`shard 2 of 8`), so that several processes share the database, each guild served by one.
Another run finds a lease it needs held and refuses to start, naming the shard and the
holder. A holder is gone when its heartbeat is older than GRACE, or at once when it ran on this
host and its process no longer exists (a restart after a crash need not wait). A run that finds
its lease taken (it stalled past GRACE and another took over) stops serving.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.database import Database
from bot.shards import Shards
from bot.store import Store
from bot.store.lease import (
    WHOLE_DATABASE,
    Holder,
    lease_holder,
    live_leases,
    release_leases,
    renew_leases,
    take_lease,
)

log = logging.getLogger(__name__)

# This process's run of Mozaik: it holds the lease, and work claims name it (bot/gigs/store).
THIS_RUN = uuid.uuid4().hex
HEARTBEAT = timedelta(seconds=10)
GRACE = timedelta(seconds=60)


class DatabaseInUse(Exception):
    """Another live run holds the database, or the shard `lease` names."""

    def __init__(self, database: Database, holder: Holder, lease: str = WHOLE_DATABASE) -> None:
        super().__init__(database, holder, lease)
        self.database = database
        self.holder = holder
        self.lease = lease

    def __str__(self) -> str:
        holder = self.holder
        since = holder.since.strftime("%Y-%m-%d %H:%M:%S UTC")
        what = "" if self.lease == WHOLE_DATABASE else f" ({self.lease})"
        return (
            f"{self.database}{what} is in use by another Mozaik (host {holder.host}, "
            f"pid {holder.pid}, since {since}); stop it first. One that stopped is taken over "
            f"{int(GRACE.total_seconds())} s after its last heartbeat."
        )


def lease_names(shards: Shards) -> list[str]:
    """The leases a run serving `shards` holds: the database's, or one per shard."""
    if not shards.sharded:
        return [WHOLE_DATABASE]
    return [f"shard {shard} of {shards.count}" for shard in shards.ids]


@dataclass
class Lease:
    """The database, held for this run; `on_lost` is awaited if another run takes it over."""

    on_lost: Callable[[], Awaitable[None]] | None = None


@asynccontextmanager
async def held_database(
    store: Store, database: Database, run: str, clock: Clock, shards: Shards | None = None
) -> AsyncIterator[Lease]:
    """Hold the database's lease (or one per shard of `shards`) for `run` while inside
    (DatabaseInUse if a live run holds one of them)."""
    shards = shards or Shards()
    names = lease_names(shards)
    try:
        for name in names:
            await _acquire(store, database, run, clock, name)
        await _refuse_other_sharding(store, database, run, clock, shards)
    except DatabaseInUse:
        await release_leases(store, run)  # the shards taken before the one held
        raise
    lease = Lease()
    heartbeat = asyncio.create_task(
        _keep(store, run, clock, lease, len(names)), name="mozaik-lease"
    )
    try:
        yield lease
    finally:
        heartbeat.cancel()
        await asyncio.gather(heartbeat, return_exceptions=True)
        await release_leases(store, run)


async def _acquire(store: Store, database: Database, run: str, clock: Clock, name: str) -> None:
    host = socket.gethostname()
    holder = await lease_holder(store, name)
    while True:
        now = clock.now()
        gone = holder.run if holder is not None and _gone_here(holder, host) else None
        taken = await take_lease(
            store,
            run=run,
            host=host,
            pid=os.getpid(),
            now=now,
            stale_before=now - GRACE,
            gone=gone,
            name=name,
        )
        if taken:
            log.info(
                "holding %s (%s) for this run (host %s, pid %s)", database, name, host, os.getpid()
            )
            return
        holder = await lease_holder(store, name)
        if holder is not None:
            raise DatabaseInUse(database, holder, name)
        # Let go of between the two reads: try again.


async def check_not_served(store: Store, database: Database, clock: Clock | None = None) -> None:
    """DatabaseInUse if a live run serves the database (or a shard of it): what it writes
    meanwhile would be missing from a copy."""
    host = socket.gethostname()
    for name, holder in await live_leases(store, (clock or SystemClock()).now() - GRACE):
        if not _gone_here(holder, host):
            raise DatabaseInUse(database, holder, name)


async def _refuse_other_sharding(
    store: Store, database: Database, run: str, clock: Clock, shards: Shards
) -> None:
    """DatabaseInUse if a live run serves the database another way: unsharded beside sharded
    runs, or with another shard count, some guilds would be served twice. Checked after taking
    this run's leases, so of two runs starting at once at least one sees the other."""
    host = socket.gethostname()
    same_kind = f" of {shards.count}" if shards.sharded else None
    for name, holder in await live_leases(store, clock.now() - GRACE):
        if holder.run == run or _gone_here(holder, host):
            continue
        if same_kind is None or not name.endswith(same_kind):
            raise DatabaseInUse(database, holder, name)


def _gone_here(holder: Holder, host: str) -> bool:
    """Whether the holder ran on this host in a process that no longer exists."""
    if holder.host != host or holder.pid == os.getpid():
        return False
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


async def _keep(store: Store, run: str, clock: Clock, lease: Lease, leases: int) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT.total_seconds())
        try:
            held = await renew_leases(store, run, clock.now())
        except store.errors:  # a busy file, a dropped connection: the next beat tries again
            log.exception("could not renew the database's lease; trying again")
            continue
        if held < leases:
            log.error("another Mozaik took over the database or a shard; this one stops serving")
            if lease.on_lost is not None:
                await lease.on_lost()
            return
