"""What a subscriber's weekly message holds: the week's new posts that ask for their skills.

Most skills shared first, then newest first; never the member's own posts. A busy week has
thousands of new gigs and a hub hundreds of subscribers, so each member's matches are ranked in
SQL over the ranges of their skills (board_skills for gigs), and only the page they are shown is
read as listings.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Collection
from datetime import datetime

from bot.digest.store.listings import GIGS, REQUESTS, Source, read_listed
from bot.digest.week import SHOWN, SectionLimits, Shown
from bot.store import Store
from bot.store.stamps import stamp


async def personal_matches(
    store: Store,
    guild_id: int,
    starts_at: datetime,
    ends_at: datetime,
    skills: Collection[str],
    member_id: int,
    shown: SectionLimits = SHOWN,
) -> tuple[Shown, Shown]:
    """The week's new gigs, and its newly posted requests still open, that match the member."""
    if not skills:
        return Shown((), 0), Shown((), 0)
    return await asyncio.gather(
        _matching_gigs(store, guild_id, starts_at, ends_at, sorted(skills), member_id, shown),
        _matching_requests(store, guild_id, starts_at, ends_at, sorted(skills), member_id, shown),
    )


async def _matching_gigs(
    store: Store,
    guild_id: int,
    starts_at: datetime,
    ends_at: datetime,
    skills: list[str],
    member_id: int,
    shown: SectionLimits,
) -> Shown:
    marks = ", ".join("?" * len(skills))
    rows = await store.fetch_all(
        "SELECT gig_id, COUNT(*) OVER () AS total FROM board_skills"  # noqa: S608 - placeholders
        f" WHERE guild_id = ? AND skill IN ({marks}) AND published_at >= ? AND published_at < ?"
        " AND gig_id NOT IN (SELECT id FROM gigs WHERE guild_id = ? AND poster_id = ?)"
        " GROUP BY gig_id ORDER BY COUNT(*) DESC, published_at DESC, gig_id DESC LIMIT ?",
        (
            guild_id,
            *skills,
            stamp(starts_at),
            stamp(ends_at),
            guild_id,
            member_id,
            shown.new_gigs,
        ),
    )
    return await _listed(store, guild_id, GIGS, rows)


async def _matching_requests(
    store: Store,
    guild_id: int,
    starts_at: datetime,
    ends_at: datetime,
    skills: list[str],
    member_id: int,
    shown: SectionLimits,
) -> Shown:
    marks = ", ".join("?" * len(skills))
    rows = await store.fetch_all(
        "SELECT r.id, COUNT(*) OVER () AS total FROM collab_requests AS r"  # noqa: S608 - placeholders
        " JOIN collab_skills AS s ON s.request_id = r.id"
        " WHERE r.guild_id = ? AND r.status = 'open' AND r.expires_at > ?"
        " AND r.posted_at >= ? AND r.posted_at < ? AND r.requester_id != ?"
        f" AND s.skill IN ({marks})"
        " GROUP BY r.id ORDER BY COUNT(DISTINCT s.skill) DESC, r.posted_at DESC, r.id DESC"
        " LIMIT ?",
        (
            guild_id,
            stamp(ends_at),
            stamp(starts_at),
            stamp(ends_at),
            member_id,
            *skills,
            shown.open_requests,
        ),
    )
    return await _listed(store, guild_id, REQUESTS, rows)


async def _listed(store: Store, guild_id: int, source: Source, rows: list[sqlite3.Row]) -> Shown:
    total = int(rows[0]["total"]) if rows else 0
    return await read_listed(store, guild_id, source, [row[0] for row in rows], total)
