"""The instance lease's SQL: who holds the database (the row 'database') or a shard of it ('shard
2 of 8'), taken only from nobody or from a run that is gone, renewed and let go by its holder;
every change checked by the row count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store import Connection, Store
from bot.store.stamps import instant, stamp

WHOLE_DATABASE = "database"


@dataclass(frozen=True)
class Holder:
    run: str
    host: str
    pid: int
    since: datetime
    heartbeat_at: datetime


async def lease_holder(store: Store, name: str = WHOLE_DATABASE) -> Holder | None:
    row = await store.fetch_one(
        "SELECT holder, host, pid, since, heartbeat_at FROM instance_lease WHERE name = ?",
        (name,),
    )
    return None if row is None else _holder(tuple(row))


async def live_leases(store: Store, stale_before: datetime) -> list[tuple[str, Holder]]:
    """Every lease whose holder's heartbeat is not before `stale_before`, by name."""
    rows = await store.fetch_all(
        "SELECT name, holder, host, pid, since, heartbeat_at FROM instance_lease "
        "WHERE heartbeat_at >= ? ORDER BY name",
        (stamp(stale_before),),
    )
    return [(row[0], _holder(tuple(row)[1:])) for row in rows]


def _holder(row: tuple[Any, ...]) -> Holder:
    """A Holder from the columns holder, host, pid, since, heartbeat_at."""
    return Holder(row[0], row[1], row[2], instant(row[3]), instant(row[4]))


async def take_lease(
    store: Store,
    *,
    run: str,
    host: str,
    pid: int,
    now: datetime,
    stale_before: datetime,
    gone: str | None = None,
    name: str = WHOLE_DATABASE,
) -> bool:
    """Hold the lease `name` for `run`: when nobody holds it, `run` already does, the holder's
    last heartbeat is before `stale_before`, or the holder is the run `gone` (known dead). Of
    two processes taking it at once one wins: on PostgreSQL the other is run again and finds it
    held."""

    async def take(db: Connection) -> bool:
        cursor = await db.execute(
            "INSERT INTO instance_lease (name, holder, host, pid, since, heartbeat_at) "
            "VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, host = excluded.host, "
            "pid = excluded.pid, since = excluded.since, heartbeat_at = excluded.heartbeat_at "
            "WHERE instance_lease.holder = excluded.holder OR instance_lease.heartbeat_at < ? "
            "OR instance_lease.holder = ?",
            (name, run, host, pid, stamp(now), stamp(now), stamp(stale_before), gone),
        )
        return cursor.rowcount == 1

    return await store.atomic(take)


async def renew_leases(store: Store, run: str, now: datetime) -> int:
    """The holder's heartbeat on every lease it holds; how many it still holds."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "UPDATE instance_lease SET heartbeat_at = ? WHERE holder = ?", (stamp(now), run)
        )
        return cursor.rowcount


async def release_leases(store: Store, run: str) -> None:
    async with store.transaction() as db:
        await db.execute("DELETE FROM instance_lease WHERE holder = ?", (run,))
