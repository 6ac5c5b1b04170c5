"""Drafts a rule refused, kept so the member can reopen the form with their own text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.gigs.drafts import GigDraft
from bot.store import Store, inserted_id
from bot.store.stamps import stamp


@dataclass(frozen=True)
class StoredDraft:
    id: int
    guild_id: int
    user_id: int
    gig_id: int | None  # the gig being edited, if any
    draft: GigDraft


async def keep_draft(
    store: Store, *, guild_id: int, user_id: int, draft: GigDraft, now: datetime, gig_id: int | None
) -> int:
    async with store.transaction() as db:
        cursor = await db.execute(
            "INSERT INTO gig_drafts (guild_id, user_id, gig_id, payload, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (guild_id, user_id, gig_id, draft.to_json(), stamp(now)),
        )
        return await inserted_id(cursor)


async def update_draft(store: Store, draft_id: int, draft: GigDraft, now: datetime) -> None:
    """The member's latest text for the same form, kept under the same number."""
    await store.write(
        "UPDATE gig_drafts SET payload = ?, created_at = ? WHERE id = ?",
        (draft.to_json(), stamp(now), draft_id),
    )


async def get_draft(store: Store, draft_id: int) -> StoredDraft | None:
    row = await store.fetch_one("SELECT * FROM gig_drafts WHERE id = ?", (draft_id,))
    if row is None:
        return None
    return StoredDraft(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        gig_id=row["gig_id"],
        draft=GigDraft.from_json(row["payload"]),
    )


async def forget_draft(store: Store, draft_id: int) -> None:
    await store.write("DELETE FROM gig_drafts WHERE id = ?", (draft_id,))


async def forget_drafts_before(store: Store, before: datetime) -> int:
    changed = await store.write("DELETE FROM gig_drafts WHERE created_at < ?", (stamp(before),))
    return changed
