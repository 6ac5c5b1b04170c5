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
from bot.gigs.search import SEARCH_HORIZON, GigFilters, fts_query, tsquery
from bot.gigs.stats import DECISIONS_SAMPLE
from bot.gigs.store.rows import gigs_from_rows
from bot.store import Dialect, Store
from bot.store.counts import capped, capped_count
from bot.store.stamps import instant, stamp

# Gigs a background sweep reads at a time: a few milliseconds of reading and building gigs.
SWEEP_BATCH = 100


@dataclass(frozen=True)
class Page:
    gigs: list[Gig]
    total: int  # exact up to COUNT_CAP; COUNT_CAP + 1 stands for more
    has_next: bool
    # The board's next page starts after this gig (keyset), when this page ended past the
    # featured gigs; None: count the next page from the first.
    next_after: int | None = None


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
    # Seconds from entering the queue to a moderator's approval or rejection, latest first.
    waits: tuple[float, ...] = ()


# Reading many gigs.


async def board(
    store: Store,
    guild_id: int,
    filters: GigFilters,
    now: datetime,
    *,
    limit: int,
    offset: int,
    after: int | None = None,
) -> Page:
    """Published gigs matching the filters: featured on top, then newest first.

    With `after` (a gig of this hub past the featured ones, from `Page.next_after`), the page
    is the gigs that follow it, read from there in the index whatever the page's number.
    A skill filter reads `board_skills` (one row per skill of each published gig), any other
    filter the covering index `gigs_board`: either way, in the board's order, stopping after
    the page; the total stops counting past COUNT_CAP.
    """
    source: _Board | _SkillBoard = (
        _Board(store.dialect)
        if filters.skill is None
        else _SkillBoard(filters.skill, store.dialect)
    )
    where, params = source.matching(guild_id, filters)
    any_skill, any_params = _conditions("g", guild_id, filters, top=_Board.top)
    if filters.skill is not None:
        any_skill += (
            " AND EXISTS (SELECT 1 FROM gig_skills s WHERE s.gig_id = g.id AND s.skill = ?)"
        )
        any_params.append(filters.skill)
    # One read for the total, where `after` sits (a gig of this hub, or nothing) and the featured
    # gigs (a handful, along gigs_featured); a row stands for the first two when there are none.
    counted = capped(f"SELECT 1 FROM {source.rows} WHERE {where}")  # noqa: S608 - fixed conditions
    head = await store.fetch_all(
        "SELECT t.total, k.published_at AS key_published, k.id AS key_id, g.* FROM"  # noqa: S608 - fixed conditions
        f" (SELECT ({counted}) AS total) AS t"
        " LEFT JOIN (SELECT COALESCE(published_at, '') AS published_at, id FROM gigs"
        "  WHERE id = ? AND guild_id = ?) AS k ON TRUE"
        f" LEFT JOIN (SELECT g.* FROM gigs g WHERE {any_skill} AND g.featured_until > ?) AS g"
        " ON TRUE"
        " ORDER BY g.published_at DESC, g.id DESC",
        [*params, after, guild_id, *any_params, stamp(now)],
    )
    total = int(head[0]["total"])
    key = None if head[0]["key_id"] is None else (head[0]["key_published"], head[0]["key_id"])
    featured = [] if key is not None else [row for row in head if row["id"] is not None]
    rows = featured[offset : offset + limit + 1]
    if len(rows) <= limit:
        keyset, key_params = ("", []) if key is None else (f" AND {source.after}", list(key))
        skip = 0 if key is not None else max(offset - len(featured), 0)
        rows += await store.fetch_all(
            f"SELECT g.* FROM {source.page} WHERE {where}"  # noqa: S608 - fixed conditions
            f" AND (g.featured_until IS NULL OR g.featured_until <= ?){keyset}"
            f" ORDER BY {source.newest} LIMIT ? OFFSET ?",
            [*params, stamp(now), *key_params, limit + 1 - len(rows), skip],
        )
    shown = rows[:limit]
    featured_ids = {row["id"] for row in featured}
    past_featured = bool(shown) and shown[-1]["id"] not in featured_ids
    return Page(
        await gigs_from_rows(store, shown),
        total,
        has_next=len(rows) > limit,
        next_after=shown[-1]["id"] if past_featured else None,
    )


def _outer_first(dialect: Dialect) -> str:
    """The join that reads its left table first: SQLite's CROSS JOIN, which its planner never
    reorders (the reads below need that order); PostgreSQL has no such hint and plans a JOIN
    well by itself."""
    return "CROSS JOIN" if dialect == "sqlite" else "JOIN"


class _Board:
    """Any filters but a skill: published gigs along the covering index gigs_board."""

    top = "COALESCE(g.pay_max_cents, g.pay_min_cents)"
    newest = "g.published_at DESC, g.id DESC"
    after = "(g.published_at, g.id) < (?, ?)"

    def __init__(self, dialect: Dialect) -> None:
        # SQLite is told the index (it would otherwise pick a narrower one and sort); PostgreSQL
        # takes no index hints.
        self.rows = self.page = "gigs g INDEXED BY gigs_board" if dialect == "sqlite" else "gigs g"

    def matching(self, guild_id: int, filters: GigFilters) -> tuple[str, list[Any]]:
        return _conditions("g", guild_id, filters, top=self.top)


@dataclass(frozen=True)
class _SkillBoard:
    """A skill filter: the skill's range of board_skills; each gig shown is joined to it."""

    skill: str
    dialect: Dialect
    rows = "board_skills b"
    newest = "b.published_at DESC, b.gig_id DESC"
    after = "(b.published_at, b.gig_id) < (?, ?)"

    @property
    def page(self) -> str:
        return f"board_skills b {_outer_first(self.dialect)} gigs g ON g.id = b.gig_id"

    def matching(self, guild_id: int, filters: GigFilters) -> tuple[str, list[Any]]:
        where, params = _conditions("b", guild_id, filters, top="b.pay_top_cents")
        return f"{where} AND b.skill = ?", [*params, self.skill]


def _conditions(
    alias: str, guild_id: int, filters: GigFilters, *, top: str
) -> tuple[str, list[Any]]:
    """The board's filters but the skill, on gigs (g) or board_skills (b): the same columns."""
    conditions = [f"{alias}.guild_id = ?"]
    params: list[Any] = [guild_id]
    if alias == "g":
        conditions.append("g.status = ?")
        params.append(GigStatus.APPROVED.value)
    if filters.engagement is not None:
        conditions.append(f"{alias}.engagement = ?")
        params.append(filters.engagement.value)
    if filters.location is not None:
        conditions.append(f"{alias}.location = ?")
        params.append(filters.location.value)
    if filters.min_pay is not None:
        conditions.append(f"{alias}.pay_currency = ? AND {top} >= ?")
        params += [filters.currency, to_cents(filters.min_pay)]
    return " AND ".join(conditions), params


async def search(store: Store, guild_id: int, text: str, *, limit: int, offset: int) -> Page | None:
    """Published gigs whose title or description holds any of the words, best matches first;
    None for words the keyword index cannot read.

    The SEARCH_HORIZON newest matches are ranked (bot/gigs/search.py): the keyword index reads
    them newest first and stops, so a word in every gig costs what a rare one does.
    """
    hits, params = _keyword_hits(store.dialect, guild_id, text)
    try:
        # One hit past the horizon says there are more (the total's "more than"); it is left
        # out of the ranking. Only the page's gigs are read whole.
        rows = await store.fetch_all(
            f"WITH hits AS ({hits} LIMIT {SEARCH_HORIZON + 1}), page AS (SELECT id, score"  # noqa: S608 - fixed SQL
            " FROM hits WHERE id > (SELECT CASE WHEN COUNT(*) > ? THEN MIN(id) ELSE -1 END"
            " FROM hits) ORDER BY score, id DESC LIMIT ? OFFSET ?)"
            " SELECT g.*, (SELECT COUNT(*) FROM hits) AS found"
            f" FROM page {_outer_first(store.dialect)} gigs g ON g.id = page.id"
            " ORDER BY page.score, page.id DESC",
            [*params, SEARCH_HORIZON, limit + 1, offset],
        )
        if rows:
            total = int(rows[0]["found"])
        else:
            total = await capped_count(store, hits, params)
    except sqlite3.OperationalError:  # a query FTS5 cannot read, despite the quoting
        return None
    return Page(await gigs_from_rows(store, rows[:limit]), total, has_next=len(rows) > limit)


def _keyword_hits(dialect: Dialect, guild_id: int, text: str) -> tuple[str, list[Any]]:
    """The SQL of a search's matches in the hub, newest first, each with its score (the lower,
    the better a match), and its parameters: the keyword index of each engine, ranked alike."""
    if dialect == "postgresql":
        # The partial index gigs_fts holds the published gigs: the status is written out for
        # the planner to see it may use it. ts_rank as in migration 002's comment, negated to
        # sort as bm25's score does.
        search = "mozaik_gig_search(g.title, g.description)"
        return (
            f"SELECT g.id, -ts_rank('{{0, 0, 0.25, 1}}', {search}, q, 2) AS score"  # noqa: S608 - fixed SQL
            " FROM gigs g, to_tsquery('simple', mozaik_unaccent(?)) AS q"
            f" WHERE {search} @@ q AND g.status = '{GigStatus.APPROVED.value}'"
            " AND g.guild_id = ? ORDER BY g.id DESC",
            [tsquery(text), guild_id],
        )
    # CROSS JOIN makes the keyword index (published gigs only) the outer loop: left to itself,
    # SQLite walks the hub's published gigs and runs the whole text query once for each;
    # gigs_hub_of answers "a published gig of this hub?" without reading the gig's row.
    return (
        "SELECT f.rowid AS id, bm25(gigs_fts, 4.0, 1.0) AS score FROM gigs_fts f"
        " CROSS JOIN gigs g INDEXED BY gigs_hub_of ON g.id = f.rowid"
        " WHERE gigs_fts MATCH ? AND g.guild_id = ? AND g.status = ? ORDER BY f.rowid DESC",
        [fts_query(text), guild_id, GigStatus.APPROVED.value],
    )


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


async def expired_gigs(
    store: Store, now: datetime, *, after: Gig | None = None, limit: int = SWEEP_BATCH
) -> list[Gig]:
    """Published gigs, in every hub, whose time is up: `limit` at most, soonest first, after
    `after`."""
    return await _expiring(store, "expires_at <= ?", [stamp(now)], after, limit)


async def gigs_expiring_between(
    store: Store,
    start: datetime,
    end: datetime,
    *,
    after: Gig | None = None,
    limit: int = SWEEP_BATCH,
) -> list[Gig]:
    """Published gigs expiring after `start` and no later than `end`: up to `limit`, soonest
    first, after `after`."""
    return await _expiring(
        store, "expires_at > ? AND expires_at <= ?", [stamp(start), stamp(end)], after, limit
    )


async def _expiring(
    store: Store, window: str, params: list[Any], after: Gig | None, limit: int
) -> list[Gig]:
    # A sweep reads a batch at a time along gigs_expiring, from where the last batch ended, so
    # no read (nor the work done per batch) grows with the number of gigs due.
    keyset, key = "", []
    if after is not None:
        assert after.expires_at is not None
        keyset, key = " AND (expires_at, id) > (?, ?)", [stamp(after.expires_at), after.id]
    rows = await store.fetch_all(
        f"SELECT * FROM gigs WHERE status = ? AND {window}{keyset}"  # noqa: S608 - fixed conditions
        " ORDER BY expires_at, id LIMIT ?",
        (GigStatus.APPROVED.value, *params, *key, limit),
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
    # filled_via_hub is 1, 0 or NULL (not asked yet): its sum counts the gigs filled via the hub.
    closed_rows = await store.fetch_all(
        "SELECT close_reason, COUNT(*) AS n, SUM(filled_via_hub) AS via_hub FROM gigs "
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
        waits=await _decision_waits(store, guild_id, window),
    )


_ENTERING_QUEUE = (GigAction.SUBMIT, GigAction.EDIT, GigAction.HOLD)
_DECISIONS = (GigAction.APPROVE, GigAction.REJECT)


async def _decision_waits(
    store: Store, guild_id: int, window: tuple[str, str]
) -> tuple[float, ...]:
    """How long each of the period's latest moderators' decisions (DECISIONS_SAMPLE at most)
    waited since its gig last entered the queue; a trusted poster's own publication is none."""
    entering = ", ".join(f"'{action.value}'" for action in _ENTERING_QUEUE)
    decided = ", ".join(f"'{action.value}'" for action in _DECISIONS)
    # The stamps are subtracted here, not in SQL: the engines share no date arithmetic.
    rows = await store.fetch_all(
        "SELECT e.at, (SELECT MAX(s.at) FROM gig_events s "  # noqa: S608 - fixed SQL
        f"WHERE s.gig_id = e.gig_id AND s.id < e.id AND s.action IN ({entering})) AS entered "
        "FROM gig_events e JOIN gigs g ON g.id = e.gig_id "
        f"WHERE g.guild_id = ? AND e.action IN ({decided}) AND e.actor_id IS NOT NULL "
        f"AND e.at > ? AND e.at <= ? ORDER BY e.id DESC LIMIT {DECISIONS_SAMPLE}",
        (guild_id, *window),
    )
    return tuple(
        (instant(row["at"]) - instant(row["entered"])).total_seconds()
        for row in rows
        if row["entered"] is not None
    )
