"""One running Mozaik per database.

Two runs on one database would both publish what catch-up finds (an overlapping deploy, a
double start), so a run holds the database's instance lease (bot/store/lease.py) from start to
stop and renews it every HEARTBEAT. Another run finds it held and refuses to start, naming the
holder. A holder is gone when its heartbeat is older than GRACE, or at once when it ran on this
host and its process no longer exists (a restart after a crash need not wait). A run that finds
its lease taken (it stalled past GRACE and another took over) stops serving.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sqlite3
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.clock import Clock
from bot.store import Store
from bot.store.lease import Holder, lease_holder, release_lease, renew_lease, take_lease

log = logging.getLogger(__name__)

# This process's run of Mozaik: it holds the lease, and work claims name it (bot/gigs/store).
THIS_RUN = uuid.uuid4().hex
HEARTBEAT = timedelta(seconds=10)
GRACE = timedelta(seconds=60)


class DatabaseInUse(Exception):
    """Another live run holds the database."""

    def __init__(self, database: Path, holder: Holder) -> None:
        super().__init__(database, holder)
        self.database = database
        self.holder = holder

    def __str__(self) -> str:
        holder = self.holder
        since = holder.since.strftime("%Y-%m-%d %H:%M:%S UTC")
        return (
            f"{self.database} is in use by another Mozaik (host {holder.host}, pid {holder.pid}, "
            f"since {since}); stop it first. One that stopped is taken over "
            f"{int(GRACE.total_seconds())} s after its last heartbeat."
        )


@dataclass
class Lease:
    """The database, held for this run; `on_lost` is awaited if another run takes it over."""

    on_lost: Callable[[], Awaitable[None]] | None = None


@asynccontextmanager
async def held_database(
    store: Store, database: Path, run: str, clock: Clock
) -> AsyncIterator[Lease]:
    """Hold the database's lease for `run` while inside (DatabaseInUse if a live run does)."""
    await _acquire(store, database, run, clock)
    lease = Lease()
    heartbeat = asyncio.create_task(_keep(store, run, clock, lease), name="mozaik-lease")
    try:
        yield lease
    finally:
        heartbeat.cancel()
        await asyncio.gather(heartbeat, return_exceptions=True)
        await release_lease(store, run)


async def _acquire(store: Store, database: Path, run: str, clock: Clock) -> None:
    host = socket.gethostname()
    holder = await lease_holder(store)
    while True:
        now = clock.now()
        gone = holder.run if holder is not None and _gone_here(holder, host) else None
        taken = await take_lease(
            store, run=run, host=host, pid=os.getpid(), now=now, stale_before=now - GRACE, gone=gone
        )
        if taken:
            log.info("holding %s for this run (host %s, pid %s)", database, host, os.getpid())
            return
        holder = await lease_holder(store)
        if holder is not None:
            raise DatabaseInUse(database, holder)
        # Let go of between the two reads: try again.


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


async def _keep(store: Store, run: str, clock: Clock, lease: Lease) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT.total_seconds())
        try:
            held = await renew_lease(store, run, clock.now())
        except sqlite3.Error:
            log.exception("could not renew the database's lease; trying again")
            continue
        if not held:
            log.error("another Mozaik took over the database; this one stops serving")
            if lease.on_lost is not None:
                await lease.on_lost()
            return
