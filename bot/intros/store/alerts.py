"""Skill alerts: members who asked to hear of gigs wanting their skills, each alerted once a gig.

The alerts are letters of the outbox (bot/outbox), added in the transaction that records the
gig's publication, so a gig is never published without its alerts owed, nor alerted twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.outbox.model import Kind
from bot.outbox.store import Address, add_letters

SKILLS_APART = "\x1f"  # between the matched skills in a letter's detail


async def queue_skill_alerts(db: Any, gig_id: int, now: datetime) -> int:
    """Owe an alert to each member with alerts on who offers one of the gig's skills, never the
    poster, in the caller's transaction; each letter's detail is the skills matched, in the
    gig's order. How many were owed now."""
    rows = await db.execute_fetchall(
        "SELECT g.guild_id, p.user_id, p.locale, s.skill"
        " FROM gigs AS g JOIN gig_skills AS s ON s.gig_id = g.id"
        " JOIN profile_skills AS ps ON ps.guild_id = g.guild_id AND ps.skill = s.skill"
        " JOIN profiles AS p ON p.guild_id = ps.guild_id AND p.user_id = ps.user_id"
        " WHERE g.id = ? AND p.skill_alerts = 1 AND p.departed_at IS NULL"
        " AND p.user_id != g.poster_id"
        " ORDER BY p.user_id, s.position",
        (gig_id,),
    )
    if not rows:
        return 0
    matched: dict[int, list[str]] = {}
    locales: dict[int, str] = {}
    for row in rows:
        matched.setdefault(row["user_id"], []).append(row["skill"])
        locales[row["user_id"]] = row["locale"]
    to = [
        Address(user_id, locales[user_id], SKILLS_APART.join(skills))
        for user_id, skills in matched.items()
    ]
    return await add_letters(db, Kind.SKILL_ALERT, rows[0]["guild_id"], gig_id, to, now)


def matched_skills(detail: str) -> tuple[str, ...]:
    """The skills an alert's letter was owed for."""
    return tuple(detail.split(SKILLS_APART)) if detail else ()
