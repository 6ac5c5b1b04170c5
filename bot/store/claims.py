"""Work Mozaik owes Discord (a post, a queue message, telling someone), claimed on the row it is
about so that two callers, or two runs, never do it twice. Every feature's store claims here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.instance import GRACE, THIS_RUN
from bot.store import Connection, Store
from bot.store.stamps import instant, stamp

# Work under way is claimed by a run (bot/instance.py's THIS_RUN). A claim is a lease: taken
# only from nobody, from a run that no longer holds the database's instance lease (it died),
# or once its holder has held it this long (it stalled).
CLAIM_LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class Claim:
    """The caller may do the work. `interrupted_at`: when an earlier claim was made by a run
    that died or stalled, which may have done it in Discord before it could record so."""

    interrupted_at: datetime | None


async def take_claim(
    db: Any,
    table: str,
    since_column: str,
    by_column: str,
    where: str,
    params: Sequence[object],
    now: datetime,
    run: str,
) -> Claim | None:
    """Claim the row of `table` matching `where` for `run`; None when there is no such row or
    it is held: by this run within CLAIM_LIFETIME, or by another run that is still alive (holds
    the instance lease) within CLAIM_LIFETIME. Names are fixed by the callers, never input.
    Call inside a transaction."""
    row = await (
        await db.execute(f"SELECT {since_column} FROM {table} WHERE {where}", params)  # noqa: S608 - fixed names
    ).fetchone()
    if row is None:
        return None
    cursor = await db.execute(
        f"UPDATE {table} SET {since_column} = ?, {by_column} = ? WHERE {where} "  # noqa: S608 - fixed names
        f"AND ({since_column} IS NULL OR {since_column} <= ? OR ({by_column} IS DISTINCT FROM ? "
        f"AND {by_column} NOT IN (SELECT holder FROM instance_lease WHERE heartbeat_at >= ?)))",
        (stamp(now), run, *params, stamp(now - CLAIM_LIFETIME), run, stamp(now - GRACE)),
    )
    if cursor.rowcount != 1:
        return None
    return Claim(instant(row[0]))


@dataclass(frozen=True)
class Work:
    """One kind of work claimed on the rows of `table` (by `key`, "id = ?" unless told): the
    columns saying since when and by which run, and `owed`, the condition of a row still
    needing it. All fixed text from the features' stores, never input."""

    table: str
    since_column: str
    by_column: str
    owed: str
    key: str = "id = ?"

    async def claim_row(
        self, store: Store, row_id: int, now: datetime, run: str = THIS_RUN
    ) -> Claim | None:
        """`claim_work` on the row of `row_id`, for work keyed by "id = ?"."""
        return await claim_work(store, self, (row_id,), now, run)

    async def release_row(self, store: Store, row_id: int) -> None:
        """`release_work` on the row of `row_id`, for work keyed by "id = ?"."""
        await release_work(store, self, (row_id,))


def moderated_posts(table: str, published: str, pending: str) -> tuple[Work, Work]:
    """The work owed on the rows of `table` that moderators approve: their post, while
    `published` (a status) without one, and their message in the moderators' queue, while
    `pending` without one."""
    return (
        Work(table, "publishing_since", "publishing_by", _without("message_id", published)),
        Work(table, "queueing_since", "queueing_by", _without("queue_message_id", pending)),
    )


def _without(message_column: str, status: str) -> str:
    return f"status = '{status}' AND {message_column} IS NULL"


async def claim_work(
    store: Store, work: Work, key: Sequence[object], now: datetime, run: str
) -> Claim | None:
    """Whether `run` may do `work` on the row: still owed and nobody else on it. Of two claims
    at once one wins: on PostgreSQL the other is run again and finds the row taken."""

    async def claim(db: Connection) -> Claim | None:
        return await claim_work_in(db, work, key, now, run)

    return await store.atomic(claim)


async def claim_work_in(
    db: Any, work: Work, key: Sequence[object], now: datetime, run: str
) -> Claim | None:
    """`claim_work` inside the caller's transaction, as with the change that makes the work owed."""
    return await take_claim(
        db,
        work.table,
        work.since_column,
        work.by_column,
        f"{work.key} AND {work.owed}",
        key,
        now,
        run,
    )


async def release_work(store: Store, work: Work, key: Sequence[object]) -> None:
    """The work was not done (Discord said no, for now): another try may claim it."""
    await store.write(
        f"UPDATE {work.table} SET {work.since_column} = NULL, {work.by_column} = NULL"  # noqa: S608 - fixed names
        f" WHERE {work.key}",
        key,
    )


async def finish_work(
    store: Store, work: Work, key: Sequence[object], made: Mapping[str, object]
) -> None:
    """The work is done: record what it made (`made`, column to value) and end the claim."""
    assignments = "".join(f"{column} = ?, " for column in made)
    await store.write(
        f"UPDATE {work.table} SET {assignments}{work.since_column} = NULL,"  # noqa: S608 - fixed names
        f" {work.by_column} = NULL WHERE {work.key}",
        (*made.values(), *key),
    )
