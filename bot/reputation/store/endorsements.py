"""Endorsements as stored: which confirmed counterparts vouch for which of a member's skills."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.store import Connection, Store
from bot.store.stamps import stamp


async def endorse(
    store: Store,
    guild_id: int,
    endorser_id: int,
    member_id: int,
    skills: Sequence[str],
    now: datetime,
) -> int:
    """The endorser vouches for these skills of the member (each once); how many are new."""

    async def endorsing(db: Connection) -> int:
        added = 0
        for skill in skills:
            cursor = await db.execute(
                "INSERT INTO endorsements (guild_id, endorser_id, member_id, skill, at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (guild_id, endorser_id, member_id, skill, stamp(now)),
            )
            added += cursor.rowcount
        return added

    return await store.atomic(endorsing)


async def endorsed_by(store: Store, guild_id: int, endorser_id: int, member_id: int) -> list[str]:
    rows = await store.fetch_all(
        "SELECT skill FROM endorsements WHERE guild_id = ? AND endorser_id = ? AND member_id = ?",
        (guild_id, endorser_id, member_id),
    )
    return [str(row["skill"]) for row in rows]


async def endorsed_skills(store: Store, guild_id: int, member_id: int) -> dict[str, int]:
    """Per skill of the member, how many confirmed counterparts endorsed it."""
    rows = await store.fetch_all(
        "SELECT skill, COUNT(*) AS n FROM endorsements WHERE guild_id = ? AND member_id = ? "
        "GROUP BY skill",
        (guild_id, member_id),
    )
    return {str(row["skill"]): int(row["n"]) for row in rows}
