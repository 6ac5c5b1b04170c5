"""The member's last change of each kind (bot/hubs/pause.py), taken as a turn: one
conditional write, checked by its row count, so ten changes at once make one."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.hubs.pause import Change, check_ready
from bot.store import Connection, Store
from bot.store.stamps import instant, stamp


async def last_change(store: Store, guild_id: int, user_id: int, change: Change) -> datetime | None:
    row = await store.fetch_one(
        "SELECT changed_at FROM change_cooldowns WHERE guild_id = ? AND user_id = ? AND change = ?",
        (guild_id, user_id, change.value),
    )
    return None if row is None else instant(row[0])


async def take_turn(
    store: Store, guild_id: int, user_id: int, change: Change, pause_seconds: int, now: datetime
) -> None:
    """Record the change now, or refuse it (core.change_cooldown) while the pause lasts."""

    async def take(db: Connection) -> tuple[bool, datetime | None]:
        """Whether the turn was taken, and else when the last change was."""
        cursor = await db.execute(
            "INSERT INTO change_cooldowns (guild_id, user_id, change, changed_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (guild_id, user_id, change) DO UPDATE SET "
            "changed_at = excluded.changed_at WHERE change_cooldowns.changed_at <= ?",
            (
                guild_id,
                user_id,
                change.value,
                stamp(now),
                stamp(now - timedelta(seconds=pause_seconds)),
            ),
        )
        if cursor.rowcount == 1:
            return True, None
        async with db.execute(
            "SELECT changed_at FROM change_cooldowns "
            "WHERE guild_id = ? AND user_id = ? AND change = ?",
            (guild_id, user_id, change.value),
        ) as row_cursor:
            row = await row_cursor.fetchone()
        return False, instant(row[0]) if row else None

    # Atomic: on PostgreSQL changes at once conflict, and the losers, run again, find the turn
    # taken instead of failing.
    taken, last = await store.atomic(take)
    if not taken:
        check_ready(last, pause_seconds, now)
