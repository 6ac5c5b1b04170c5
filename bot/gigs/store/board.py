"""Reading many gigs: the board and its search, the queue, a member's gigs, what expires, counts."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.gigs.curation import GigAction
from bot.gigs.model import (
    CloseReason,
    Gig,
    GigStatus,
)
from bot.gigs.money import to_cents
from bot.gigs.search import GigFilters, fts_query
from bot.gigs.store.rows import gigs_from_rows
from bot.store import Store
from bot.store.stamps import stamp


@dataclass(frozen=True)
class Page:
    gigs: list[Gig]
    total: int


@dataclass(frozen=True)
class GigCounts:
    """What happened on a hub's board in a period, and where it stands now."""

    submitted: int
    published: int
    rejected: int
    closed: Mapping[CloseReason, int]
    filled_via_hub: int
    interests: int
    pending_now: int
    open_now: int


# Reading many gigs.


async def board(
    store: Store, guild_id: int, filters: GigFilters, now: datetime, *, limit: int, offset: int
) -> Page:
    """Published gigs matching the filters: featured on top, then newest first."""
    conditions = ["g.guild_id = ?", "g.status = ?"]
    params: list[Any] = [guild_id, GigStatus.APPROVED.value]
    if filters.skill is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM gig_skills s WHERE s.gig_id = g.id AND s.skill = ?)"
        )
        params.append(filters.skill)
    if filters.engagement is not None:
        conditions.append("g.engagement = ?")
        params.append(filters.engagement.value)
    if filters.location is not None:
        conditions.append("g.location = ?")
        params.append(filters.location.value)
    if filters.min_pay is not None:
        conditions.append("g.pay_currency = ? AND COALESCE(g.pay_max_cents, g.pay_min_cents) >= ?")
        params += [filters.currency, to_cents(filters.min_pay)]
    where = " AND ".join(conditions)
    total = await store.fetch_one(f"SELECT COUNT(*) FROM gigs g WHERE {where}", params)  # noqa: S608 - fixed conditions
    # Featured gigs (a handful) first, then the rest read newest first along gigs_board, which
    # stops after one page; one ORDER BY for both would sort every published gig of the hub.
    newest = "ORDER BY g.published_at DESC, g.id DESC"
    featured = await store.fetch_all(
        f"SELECT g.* FROM gigs g WHERE {where} AND g.featured_until > ? {newest}",  # noqa: S608 - fixed conditions
        [*params, stamp(now)],
    )
    rows = featured[offset : offset + limit]
    if len(rows) < limit:
        rows += await store.fetch_all(
            f"SELECT g.* FROM gigs g INDEXED BY gigs_board WHERE {where} "  # noqa: S608 - fixed conditions
            f"AND (g.featured_until IS NULL OR g.featured_until <= ?) {newest} LIMIT ? OFFSET ?",
            [*params, stamp(now), limit - len(rows), max(offset - len(featured), 0)],
        )
    assert total is not None
    return Page(await gigs_from_rows(store, rows), int(total[0]))


async def search(store: Store, guild_id: int, text: str, *, limit: int, offset: int) -> Page | None:
    """Published gigs whose title or description holds any of the words, best matches first;
    None for words the keyword index cannot read."""
    query = fts_query(text)
    # CROSS JOIN makes the keyword index (published gigs only) the outer loop: left to itself,
    # SQLite walks the hub's published gigs and runs the whole text query once for each.
    where = "gigs_fts MATCH ? AND g.guild_id = ? AND g.status = ?"
    params = [query, guild_id, GigStatus.APPROVED.value]
    try:
        total = await store.fetch_one(
            "SELECT COUNT(*) FROM gigs_fts CROSS JOIN gigs g ON g.id = gigs_fts.rowid "  # noqa: S608 - fixed conditions
            f"WHERE {where}",
            params,
        )
        rows = await store.fetch_all(
            "SELECT g.* FROM gigs_fts CROSS JOIN gigs g ON g.id = gigs_fts.rowid "  # noqa: S608 - fixed conditions
            f"WHERE {where} ORDER BY bm25(gigs_fts, 4.0, 1.0), g.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    except sqlite3.OperationalError:  # a query FTS5 cannot read, despite the quoting
        return None
    assert total is not None
    return Page(await gigs_from_rows(store, rows), int(total[0]))


async def pending_gigs(store: Store, guild_id: int) -> list[Gig]:
    """The moderation queue, oldest first."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE guild_id = ? AND status = ? ORDER BY submitted_at, id",
        (guild_id, GigStatus.PENDING.value),
    )
    return await gigs_from_rows(store, rows)


async def gigs_of(store: Store, guild_id: int, poster_id: int) -> list[Gig]:
    """A member's gigs in every state, newest first."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE guild_id = ? AND poster_id = ? ORDER BY created_at DESC, id DESC",
        (guild_id, poster_id),
    )
    return await gigs_from_rows(store, rows)


async def expired_gigs(store: Store, now: datetime) -> list[Gig]:
    """Published gigs, in every hub, whose time is up."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE status = ? AND expires_at <= ? ORDER BY expires_at, id",
        (GigStatus.APPROVED.value, stamp(now)),
    )
    return await gigs_from_rows(store, rows)


async def gigs_expiring_between(
    store: Store, start: datetime, end: datetime, guild_id: int | None = None
) -> list[Gig]:
    """Published gigs expiring after `start` and no later than `end`, soonest first."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE status = ? AND expires_at > ? AND expires_at <= ? "
        "AND (? IS NULL OR guild_id = ?) ORDER BY expires_at, id",
        (GigStatus.APPROVED.value, stamp(start), stamp(end), guild_id, guild_id),
    )
    return await gigs_from_rows(store, rows)


async def gig_counts(store: Store, guild_id: int, since: datetime, until: datetime) -> GigCounts:
    """Counts of what happened after `since` and up to `until`, and of where gigs stand now."""
    window = (stamp(since), stamp(until))

    async def count(sql: str, params: Sequence[Any]) -> int:
        row = await store.fetch_one(sql, params)
        assert row is not None
        return int(row[0])

    events = (
        "SELECT COUNT(DISTINCT e.gig_id) FROM gig_events e JOIN gigs g ON g.id = e.gig_id "
        "WHERE g.guild_id = ? AND e.action = ? AND e.at > ? AND e.at <= ?"
    )
    closed_rows = await store.fetch_all(
        "SELECT close_reason, COUNT(*) AS n, SUM(filled_via_hub = 1) AS via_hub FROM gigs "
        "WHERE guild_id = ? AND status = ? AND closed_at > ? AND closed_at <= ? "
        "GROUP BY close_reason",
        (guild_id, GigStatus.CLOSED.value, *window),
    )
    current = await store.fetch_all(
        "SELECT status, COUNT(*) AS n FROM gigs WHERE guild_id = ? GROUP BY status", (guild_id,)
    )
    by_status = {GigStatus(row["status"]): int(row["n"]) for row in current}
    return GigCounts(
        submitted=await count(events, (guild_id, GigAction.SUBMIT.value, *window)),
        published=await count(
            "SELECT COUNT(*) FROM gigs "
            "WHERE guild_id = ? AND published_at > ? AND published_at <= ?",
            (guild_id, *window),
        ),
        rejected=await count(events, (guild_id, GigAction.REJECT.value, *window)),
        closed={CloseReason(row["close_reason"]): int(row["n"]) for row in closed_rows},
        filled_via_hub=sum(int(row["via_hub"] or 0) for row in closed_rows),
        interests=await count(
            "SELECT COUNT(*) FROM gig_interests i JOIN gigs g ON g.id = i.gig_id "
            "WHERE g.guild_id = ? AND i.at > ? AND i.at <= ?",
            (guild_id, *window),
        ),
        pending_now=by_status.get(GigStatus.PENDING, 0),
        open_now=by_status.get(GigStatus.APPROVED, 0),
    )
