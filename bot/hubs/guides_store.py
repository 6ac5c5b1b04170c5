"""Where each feature channel's pinned guide is, and who is posting it right now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.instance import THIS_RUN
from bot.store import Connection, Store
from bot.store.claims import Work, claim_work_in, finish_work, release_work

# A guide is always owed: posted once, then kept up to date at each set-up.
POSTING = Work(
    "hub_guides", "posting_since", "posting_by", "TRUE", key="guild_id = ? AND purpose = ?"
)


@dataclass(frozen=True)
class GuideClaim:
    """The caller may post or update the guide. `channel_id` and `message_id`: where it was put
    last (None: never); `interrupted_at`: when a run that died was posting it, so it may be in
    the channel already without being recorded."""

    channel_id: int | None
    message_id: int | None
    interrupted_at: datetime | None


async def claim_guide(
    store: Store, guild_id: int, purpose: str, now: datetime, run: str = THIS_RUN
) -> GuideClaim | None:
    """Claim the hub's guide for `purpose` for `run`; None while another run posts it. Of
    two claims at once one wins: on PostgreSQL the other, run again, finds it held."""

    async def claim(db: Connection) -> GuideClaim | None:
        await db.execute(
            "INSERT INTO hub_guides (guild_id, purpose) VALUES (?, ?) "
            "ON CONFLICT (guild_id, purpose) DO NOTHING",
            (guild_id, purpose),
        )
        row = await (
            await db.execute(
                f"SELECT channel_id, message_id FROM hub_guides WHERE {POSTING.key}",  # noqa: S608 - fixed
                (guild_id, purpose),
            )
        ).fetchone()
        taken = await claim_work_in(db, POSTING, (guild_id, purpose), now, run)
        if row is None or taken is None:
            return None
        return GuideClaim(row["channel_id"], row["message_id"], taken.interrupted_at)

    return await store.atomic(claim)


async def record_guide(
    store: Store, guild_id: int, purpose: str, channel_id: int | None, message_id: int | None
) -> None:
    """Where the guide now is (None: nowhere, to post anew next time); the claim ends."""
    made = {"channel_id": channel_id, "message_id": message_id}
    await finish_work(store, POSTING, (guild_id, purpose), made)


async def release_guide(store: Store, guild_id: int, purpose: str) -> None:
    """End the claim without a change: the next set-up tries again."""
    await release_work(store, POSTING, (guild_id, purpose))
