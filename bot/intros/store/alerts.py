"""Skill alerts: members who asked to hear of gigs wanting their skills, each alerted once a gig."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.intros.store.people import marks
from bot.store import Store
from bot.store.stamps import stamp


@dataclass(frozen=True)
class AlertRecipient:
    user_id: int
    locale: str
    matched_skills: tuple[str, ...]


async def alert_recipients(
    store: Store, guild_id: int, gig_id: int, skills: Sequence[str], poster_id: int
) -> list[AlertRecipient]:
    """Members with alerts on who offer one of the gig's skills and were not alerted yet."""
    if not skills:
        return []
    rows = await store.fetch_all(
        "SELECT p.user_id, p.locale, group_concat(s.skill, char(31)) AS matched"  # noqa: S608 - only ? placeholders are inserted
        " FROM profile_skills AS s JOIN profiles AS p"
        " ON p.guild_id = s.guild_id AND p.user_id = s.user_id"
        f" WHERE s.guild_id = ? AND s.skill IN ({marks(skills)})"
        " AND p.skill_alerts = 1 AND p.departed_at IS NULL AND p.user_id != ?"
        " AND NOT EXISTS (SELECT 1 FROM sent_skill_alerts AS a"
        "  WHERE a.guild_id = p.guild_id AND a.gig_id = ? AND a.user_id = p.user_id)"
        " GROUP BY p.user_id ORDER BY p.user_id",
        (guild_id, *skills, poster_id, gig_id),
    )
    order = {skill: n for n, skill in enumerate(skills)}
    return [
        AlertRecipient(
            user_id=row["user_id"],
            locale=row["locale"],
            matched_skills=tuple(sorted(row["matched"].split("\x1f"), key=order.__getitem__)),
        )
        for row in rows
    ]


async def claim_alert(
    store: Store, guild_id: int, gig_id: int, user_id: int, now: datetime
) -> bool:
    """Record that the member is alerted about the gig; False when someone already did."""
    changed = await store.write(
        "INSERT OR IGNORE INTO sent_skill_alerts (guild_id, gig_id, user_id, sent_at)"
        " VALUES (?, ?, ?, ?)",
        (guild_id, gig_id, user_id, stamp(now)),
    )
    return bool(changed)
