"""The digest's own records: each hub's weekly run and the parts it sent, and the members who
subscribed (each member's message of the week is a letter of the outbox, bot/outbox).

A run still 'sending' is written only by its owner (bot/digest/run_lease.py): every change to
its parts, its end and its letters is conditional on the owner, checked by the row count, and a
run closed is never written again. Each is `atomic`: on PostgreSQL, a change that lost to
another process's at the same moment is run again, and then finds the run moved on."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.instance import GRACE
from bot.outbox.model import Kind
from bot.outbox.store import Address, add_letters
from bot.store import Connection, Store
from bot.store.rows import from_row
from bot.store.stamps import stamp

# --- runs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestRun:
    guild_id: int
    iso_week: str
    due_at: datetime
    status: str  # 'sending', 'sent', 'quiet' or 'missed'
    channel_id: int | None
    digest: str | None  # the composed digest as JSON
    message_ids: dict[int, int]  # part -> message id, for the parts Discord has confirmed
    created_at: datetime  # before its first message was sent


async def get_run(store: Store, guild_id: int, iso_week: str) -> DigestRun | None:
    row = await store.fetch_one(
        "SELECT * FROM digest_runs WHERE guild_id = ? AND iso_week = ?", (guild_id, iso_week)
    )
    return None if row is None else await _run(store, row)


async def unfinished_runs(store: Store) -> list[DigestRun]:
    """Runs whose messages were being sent when the bot stopped, oldest first."""
    rows = await store.fetch_all(
        "SELECT * FROM digest_runs WHERE status = 'sending' ORDER BY due_at, guild_id"
    )
    return [await _run(store, row) for row in rows]


async def start_run(
    store: Store,
    guild_id: int,
    iso_week: str,
    due_at: datetime,
    channel_id: int,
    digest: str,
    now: datetime,
    *,
    owner: str,
    lease_until: datetime,
) -> bool:
    """Claim the week's run for `owner` before anything is sent, its lease ending at
    `lease_until`; False when the week already has one."""

    async def start(db: Connection) -> bool:
        cursor = await db.execute(
            "INSERT INTO digest_runs (guild_id, iso_week, due_at, status, channel_id, digest,"
            " created_at, owner, lease_until) VALUES (?, ?, ?, 'sending', ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (
                guild_id,
                iso_week,
                stamp(due_at),
                channel_id,
                digest,
                stamp(now),
                owner,
                stamp(lease_until),
            ),
        )
        return cursor.rowcount == 1

    return await store.atomic(start)


async def take_over_run(
    store: Store, run: DigestRun, owner: str, now: datetime, lease_until: datetime
) -> bool:
    """Own a run still 'sending' until `lease_until`: when `owner` owns it already, or when its
    lease is expired at `now` (bot.digest.run_lease.is_lease_expired: none, ended, or held by a
    run no longer serving, one without a live instance lease). False when another owns it, or it
    is no longer sending; of two processes taking one run over at once, one wins."""

    async def take(db: Connection) -> bool:
        cursor = await db.execute(
            "UPDATE digest_runs SET owner = ?, lease_until = ?"
            " WHERE guild_id = ? AND iso_week = ? AND status = 'sending'"
            " AND (owner = ? OR owner IS NULL OR lease_until IS NULL OR lease_until <= ?"
            " OR owner NOT IN (SELECT holder FROM instance_lease WHERE heartbeat_at >= ?))",
            (
                owner,
                stamp(lease_until),
                run.guild_id,
                run.iso_week,
                owner,
                stamp(now),
                stamp(now - GRACE),
            ),
        )
        return cursor.rowcount == 1

    return await store.atomic(take)


async def record_part(
    store: Store, run: DigestRun, part: int, message_id: int, *, owner: str, lease_until: datetime
) -> bool:
    """Record a part Discord has confirmed and renew the owner's lease until `lease_until`, in
    one transaction; False, with nothing written, when `owner` no longer owns the run."""

    async def record(db: Connection) -> bool:
        if not await _set_if_owned(db, run, owner, "lease_until = ?", stamp(lease_until)):
            return False
        await db.execute(
            "INSERT INTO digest_run_messages (guild_id, iso_week, part, message_id)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (guild_id, iso_week, part)"
            " DO UPDATE SET message_id = excluded.message_id",
            (run.guild_id, run.iso_week, part, message_id),
        )
        return True

    return await store.atomic(record)


async def finish_run(
    store: Store, run: DigestRun, status: str, now: datetime, *, owner: str
) -> bool:
    """Close a run that was sending: 'sent', or 'missed' when it is too late to finish; False
    when `owner` no longer owns it (another process took it over, or it is closed already)."""

    async def finish(db: Connection) -> bool:
        return await _finish(db, run, status, now, owner)

    return await store.atomic(finish)


async def _finish(db: Connection, run: DigestRun, status: str, now: datetime, owner: str) -> bool:
    """Inside the caller's transaction: the run closed as `status` if `owner` still owns it."""
    return await _set_if_owned(db, run, owner, "status = ?, finished_at = ?", status, stamp(now))


async def _set_if_owned(
    db: Connection, run: DigestRun, owner: str, assignments: str, *values: object
) -> bool:
    """Set `assignments` (fixed text from this module, never input) on the run while it is
    'sending' and `owner` owns it; whether it did. A closed run is never written again."""
    cursor = await db.execute(
        f"UPDATE digest_runs SET {assignments}"  # noqa: S608 - fixed text
        " WHERE guild_id = ? AND iso_week = ? AND status = 'sending' AND owner = ?",
        (*values, run.guild_id, run.iso_week, owner),
    )
    return cursor.rowcount == 1


async def record_unsent_run(
    store: Store, guild_id: int, iso_week: str, due_at: datetime, status: str, now: datetime
) -> bool:
    """Mark a week that posts nothing ('quiet' or 'missed'); False when it already has a run."""
    changed = await store.write(
        "INSERT INTO digest_runs (guild_id, iso_week, due_at, status, created_at, finished_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (guild_id, iso_week, stamp(due_at), status, stamp(now), stamp(now)),
    )
    return changed == 1


async def _run(store: Store, row: sqlite3.Row) -> DigestRun:
    parts = await store.fetch_all(
        "SELECT part, message_id FROM digest_run_messages WHERE guild_id = ? AND iso_week = ?",
        (row["guild_id"], row["iso_week"]),
    )
    return from_row(DigestRun, row, message_ids={part: message_id for part, message_id in parts})


# --- subscribers and their messages --------------------------------------------------------------


@dataclass(frozen=True)
class Subscriber:
    user_id: int
    locale: str


async def subscribe(store: Store, guild_id: int, user_id: int, locale: str, now: datetime) -> bool:
    """Subscribe the member (their language is updated); False when they already were. Two
    clicks at once subscribe once, the second (run again on PostgreSQL) finding the first."""

    async def add(db: Connection) -> bool:
        existing = await (
            await db.execute(
                "SELECT 1 FROM digest_subscriptions WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )
        ).fetchone()
        await db.execute(
            "INSERT INTO digest_subscriptions (guild_id, user_id, locale, subscribed_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET locale = excluded.locale",
            (guild_id, user_id, locale, stamp(now)),
        )
        return existing is None

    return await store.atomic(add)


async def unsubscribe(store: Store, guild_id: int, user_id: int) -> bool:
    changed = await store.write(
        "DELETE FROM digest_subscriptions WHERE guild_id = ? AND user_id = ?",
        (guild_id, user_id),
    )
    return changed == 1


async def subscribers(store: Store, guild_id: int) -> list[Subscriber]:
    rows = await store.fetch_all(
        "SELECT user_id, locale FROM digest_subscriptions WHERE guild_id = ? ORDER BY user_id",
        (guild_id,),
    )
    return [Subscriber(row["user_id"], row["locale"]) for row in rows]


async def finish_run_owing(
    store: Store,
    run: DigestRun,
    owed: Mapping[int, Sequence[Address]],
    now: datetime,
    *,
    owner: str,
) -> bool:
    """Close a run that was sending as 'sent' and owe its subscribers their own messages, in one
    transaction: `owed` holds the letters by item (bot.digest.personal.letter_item). A run
    that died before this is found 'sending' and owes them again, never twice (the outbox
    keeps one letter per member and item). False, with nothing written, when `owner` no longer
    owns the run: the process that took it over owes them."""

    async def finish(db: Connection) -> bool:
        if not await _finish(db, run, "sent", now, owner):
            return False
        for item_id, to in owed.items():
            await add_letters(db, Kind.PERSONAL_DIGEST, run.guild_id, item_id, to, now)
        return True

    return await store.atomic(finish)
