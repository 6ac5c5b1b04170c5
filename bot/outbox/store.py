"""The outbox's SQL: letters added in the deciding transaction, claimed one at a time by the
run that sends them (a lease checked by row count), and recorded as sent, refused or retried."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.instance import THIS_RUN
from bot.outbox.model import Kind, Letter, Status
from bot.store import Store
from bot.store.claims import take_claim
from bot.store.stamps import instant, stamp


@dataclass(frozen=True)
class Address:
    """Who a letter goes to, and what its kind needs to write it."""

    user_id: int
    locale: str
    detail: str = ""


async def add_letters(
    db: Any, kind: Kind, guild_id: int, item_id: int, to: Iterable[Address], now: datetime
) -> int:
    """Add a letter to each address, in the caller's transaction; one already owed or sent for
    this item is not added again. How many were added."""
    cursor = await db.executemany(
        "INSERT OR IGNORE INTO outbox (kind, guild_id, item_id, user_id, locale, detail, due_at,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (kind.value, guild_id, item_id, a.user_id, a.locale, a.detail, stamp(now), stamp(now))
            for a in to
        ],
    )
    return int(cursor.rowcount)


async def due_letters(store: Store, now: datetime, limit: int) -> list[int]:
    """The ids of waiting letters due now, oldest first; claimed one by one."""
    rows = await store.fetch_all(
        "SELECT id FROM outbox WHERE status = 'waiting' AND due_at <= ? ORDER BY due_at, id"
        " LIMIT ?",
        (stamp(now), limit),
    )
    return [row["id"] for row in rows]


async def next_due(store: Store) -> datetime | None:
    """When the next waiting letter is due."""
    row = await store.fetch_one("SELECT min(due_at) FROM outbox WHERE status = 'waiting'")
    return None if row is None else instant(row[0])


async def claim_letter(
    store: Store, letter_id: int, now: datetime, run: str = THIS_RUN
) -> Letter | None:
    """The letter, claimed for `run` with its attempt counted; None when it is no longer
    waiting or another live run is sending it."""
    async with store.transaction() as db:
        claim = await take_claim(
            db,
            "outbox",
            "sending_since",
            "sending_by",
            "id = ? AND status = 'waiting'",
            (letter_id,),
            now,
            run,
        )
        if claim is None:
            return None
        row = await (await db.execute("SELECT * FROM outbox WHERE id = ?", (letter_id,))).fetchone()
        assert row is not None  # claimed in this transaction
        await db.execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", (letter_id,))
    return Letter(
        id=row["id"],
        kind=Kind(row["kind"]),
        guild_id=row["guild_id"],
        item_id=row["item_id"],
        user_id=row["user_id"],
        locale=row["locale"],
        detail=row["detail"],
        attempts=row["attempts"],
        created_at=instant(row["created_at"]),
    )


async def finish_letter(
    store: Store,
    letter_id: int,
    status: Status,
    now: datetime,
    *,
    message_id: int | None = None,
    error: str | None = None,
) -> None:
    """The letter is done with: sent (its message), closed, failed or dropped."""
    assert status is not Status.WAITING
    await store.write(
        "UPDATE outbox SET status = ?, finished_at = ?, message_id = ?, error = ?,"
        " sending_since = NULL, sending_by = NULL WHERE id = ?",
        (status.value, stamp(now), message_id, error, letter_id),
    )


async def retry_letter(store: Store, letter_id: int, due_at: datetime, error: str) -> None:
    """Discord failed for a passing reason: the letter waits until `due_at`."""
    await store.write(
        "UPDATE outbox SET due_at = ?, error = ?, sending_since = NULL, sending_by = NULL"
        " WHERE id = ?",
        (stamp(due_at), error, letter_id),
    )


async def letter_counts(store: Store, kind: Kind, item_id: int) -> dict[Status, int]:
    """How many of the item's letters are in each status."""
    rows = await store.fetch_all(
        "SELECT status, count(*) AS n FROM outbox WHERE kind = ? AND item_id = ? GROUP BY status",
        (kind.value, item_id),
    )
    return {Status(row["status"]): row["n"] for row in rows}
