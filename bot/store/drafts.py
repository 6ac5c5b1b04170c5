"""Refused forms a member typed, kept for them to open again, also after a restart: one draft
per member of a hub, in a feature's table of (guild_id, user_id, form, saved_at)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bot.store import Store
from bot.store.stamps import stamp

DraftTable = Literal["collab_drafts", "profile_drafts"]


async def keep_draft(
    store: Store, table: DraftTable, guild_id: int, user_id: int, form: str, now: datetime
) -> None:
    """Keep `form` (its JSON) as the member's draft, over the one they had."""
    await store.write(
        f"INSERT INTO {table} (guild_id, user_id, form, saved_at) VALUES (?, ?, ?, ?)"  # noqa: S608 - a fixed table
        " ON CONFLICT (guild_id, user_id) DO UPDATE"
        " SET form = excluded.form, saved_at = excluded.saved_at",
        (guild_id, user_id, form, stamp(now)),
    )


async def kept_draft(store: Store, table: DraftTable, guild_id: int, user_id: int) -> str | None:
    """The member's draft (its JSON), None when none is kept."""
    row = await store.fetch_one(
        f"SELECT form FROM {table} WHERE guild_id = ? AND user_id = ?",  # noqa: S608 - a fixed table
        (guild_id, user_id),
    )
    return None if row is None else str(row["form"])
