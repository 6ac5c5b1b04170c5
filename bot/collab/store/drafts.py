"""Refused request forms, kept for their member to open again, also after a restart."""

from __future__ import annotations

from datetime import datetime

from bot.collab.drafts import DRAFT_KEPT, FormValues
from bot.store import Store, drafts
from bot.store.stamps import stamp


async def keep_draft(
    store: Store, guild_id: int, user_id: int, values: FormValues, now: datetime
) -> None:
    await drafts.keep_draft(store, "collab_drafts", guild_id, user_id, values.to_json(), now)


async def get_draft(store: Store, guild_id: int, user_id: int) -> FormValues | None:
    form = await drafts.kept_draft(store, "collab_drafts", guild_id, user_id)
    return None if form is None else FormValues.from_json(form)


async def forget_draft(store: Store, guild_id: int, user_id: int) -> None:
    """The member's request went through: nothing left to reopen."""
    await store.write(
        "DELETE FROM collab_drafts WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
    )


async def forget_stale_drafts(store: Store, now: datetime) -> None:
    """Drafts kept longer than DRAFT_KEPT: their member moved on."""
    await store.write("DELETE FROM collab_drafts WHERE saved_at < ?", (stamp(now - DRAFT_KEPT),))
