"""The outbox's SQL: letters added in the deciding transaction, claimed one at a time by the
run that sends them (a lease checked by row count), and recorded as sent, refused or retried."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.instance import THIS_RUN
from bot.outbox.model import Kind, Letter, Outcome, Status
from bot.store import Connection, Store
from bot.store.claims import take_claim
from bot.store.rows import from_row
from bot.store.served import among_guilds
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
        "INSERT INTO outbox (kind, guild_id, item_id, user_id, locale, detail, due_at,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [
            (kind.value, guild_id, item_id, a.user_id, a.locale, a.detail, stamp(now), stamp(now))
            for a in to
        ],
    )
    return int(cursor.rowcount)


async def due_letters(
    store: Store, now: datetime, limit: int, guild_ids: Collection[int] | None = None
) -> list[int]:
    """The ids of waiting letters due now (of every hub, or those of `guild_ids`), oldest
    first; claimed one by one."""
    served, served_ids = among_guilds(guild_ids)
    rows = await store.fetch_all(
        "SELECT id FROM outbox WHERE status = 'waiting' AND due_at <= ? "  # noqa: S608 - fixed
        f"AND {served} ORDER BY due_at, id LIMIT ?",
        (stamp(now), *served_ids, limit),
    )
    return [row["id"] for row in rows]


async def letter_of(
    store: Store, kind: Kind, guild_id: int, item_id: int, user_id: int
) -> int | None:
    """The id of the letter owed to the member about the item, if there is one."""
    row = await store.fetch_one(
        "SELECT id FROM outbox WHERE kind = ? AND guild_id = ? AND item_id = ? AND user_id = ?",
        (kind.value, guild_id, item_id, user_id),
    )
    return None if row is None else int(row["id"])


async def next_due(store: Store, guild_ids: Collection[int] | None = None) -> datetime | None:
    """When the next waiting letter (of every hub, or of those of `guild_ids`) is due."""
    served, served_ids = among_guilds(guild_ids)
    row = await store.fetch_one(
        f"SELECT min(due_at) FROM outbox WHERE status = 'waiting' AND {served}",  # noqa: S608
        served_ids,
    )
    return None if row is None else instant(row[0])


async def claim_letters(
    store: Store, letter_ids: Iterable[int], now: datetime, run: str = THIS_RUN
) -> list[Letter]:
    """The letters `run` could claim, each attempt counted, in one transaction; a letter no
    longer waiting, or being sent by another live run, is left out."""
    ids = list(letter_ids)

    async def claiming(db: Connection) -> list[Letter]:
        claimed = []
        for letter_id in ids:
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
                continue
            cursor = await db.execute("SELECT * FROM outbox WHERE id = ?", (letter_id,))
            row = await cursor.fetchone()
            assert row is not None  # claimed in this transaction
            await db.execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", (letter_id,))
            claimed.append(from_row(Letter, row))
        return claimed

    # Run again on PostgreSQL if another process claimed one of them at the same moment: read
    # again, that letter is left out.
    return await store.atomic(claiming)


async def record_outcomes(store: Store, outcomes: Iterable[Outcome], now: datetime) -> None:
    """What became of the letters just tried, in one transaction, their claims ended: each done
    with, or waiting again until its `retry_at`."""
    recorded = list(outcomes)

    async def recording(db: Connection) -> None:
        for outcome in recorded:
            if outcome.status is Status.WAITING:
                assert outcome.retry_at is not None
                await db.execute(
                    "UPDATE outbox SET due_at = ?, error = ?, sending_since = NULL,"
                    " sending_by = NULL WHERE id = ?",
                    (stamp(outcome.retry_at), outcome.error, outcome.letter_id),
                )
            else:
                await db.execute(
                    "UPDATE outbox SET status = ?, finished_at = ?, message_id = ?, error = ?,"
                    " sending_since = NULL, sending_by = NULL WHERE id = ?",
                    (
                        outcome.status.value,
                        stamp(now),
                        outcome.message_id,
                        outcome.error,
                        outcome.letter_id,
                    ),
                )

    await store.atomic(recording)
