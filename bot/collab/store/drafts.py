"""Refused request forms, kept for their member to open again, also after a restart."""

from __future__ import annotations

from datetime import datetime

from bot.collab.drafts import DRAFT_KEPT, FormValues
from bot.store import Store
from bot.store.drafts import Drafts
from bot.store.stamps import stamp

_DRAFTS = Drafts("collab_drafts", FormValues.from_json)
keep_draft = _DRAFTS.keep
get_draft = _DRAFTS.get


async def forget_draft(store: Store, guild_id: int, user_id: int) -> None:
    """The member's request went through: nothing left to reopen."""
    await store.write(
        "DELETE FROM collab_drafts WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
    )


async def forget_stale_drafts(store: Store, now: datetime) -> None:
    """Drafts kept longer than DRAFT_KEPT: their member moved on."""
    await store.write("DELETE FROM collab_drafts WHERE saved_at < ?", (stamp(now - DRAFT_KEPT),))
