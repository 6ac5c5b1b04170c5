"""What a subscriber's weekly message holds: the week's new posts that ask for their skills.

Most skills shared first, then newest first; never the member's own posts. A busy week has
thousands of new gigs and a hub hundreds of subscribers, so each member's matches are ranked in
SQL over the ranges of their skills (board_skills for gigs), and only the page they are shown is
read as listings.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from datetime import datetime

from bot.digest.store.listings import GIGS, REQUESTS, Source, read_listed
from bot.digest.week import SHOWN, SectionLimits, Shown
from bot.store import Store
from bot.store.stamps import stamp

# The ranges of the member's skills ({}: one ? each) within the week, one row per post with how
# many of them it shares, most first, then newest; the first rows and the total in one statement.
# A gig's rows all carry its published_at: grouped by it too, as PostgreSQL wants to order by it.
_RANKED_GIGS = (
    "SELECT gig_id, COUNT(*) OVER () AS total FROM board_skills"
    " WHERE guild_id = ? AND skill IN ({}) AND published_at >= ? AND published_at < ?"
    " AND gig_id NOT IN (SELECT id FROM gigs WHERE guild_id = ? AND poster_id = ?)"
    " GROUP BY gig_id, published_at ORDER BY COUNT(*) DESC, published_at DESC, gig_id DESC LIMIT ?"
)
_RANKED_REQUESTS = (
    "SELECT r.id, COUNT(*) OVER () AS total FROM collab_requests AS r"
    " JOIN collab_skills AS s ON s.request_id = r.id"
    " WHERE r.guild_id = ? AND r.status = 'open' AND r.expires_at > ?"
    " AND r.posted_at >= ? AND r.posted_at < ? AND r.requester_id != ? AND s.skill IN ({})"
    " GROUP BY r.id ORDER BY COUNT(DISTINCT s.skill) DESC, r.posted_at DESC, r.id DESC"
    " LIMIT ?"
)


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
    wanted = sorted(skills)
    marks = ", ".join("?" * len(wanted))
    week = (stamp(starts_at), stamp(ends_at))
    return await asyncio.gather(
        _ranked(
            store,
            guild_id,
            GIGS,
            _RANKED_GIGS.format(marks),
            (guild_id, *wanted, *week, guild_id, member_id, shown.new_gigs),
        ),
        _ranked(
            store,
            guild_id,
            REQUESTS,
            _RANKED_REQUESTS.format(marks),
            (guild_id, week[1], *week, member_id, *wanted, shown.open_requests),
        ),
    )


async def _ranked(
    store: Store, guild_id: int, source: Source, sql: str, params: Sequence[object]
) -> Shown:
    """The listings of the owners `sql` ranks, in its order, with the total it counts."""
    rows = await store.fetch_all(sql, params)
    total = int(rows[0]["total"]) if rows else 0
    return await read_listed(store, guild_id, source, [row[0] for row in rows], total)
