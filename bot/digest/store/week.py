"""The week as the other features recorded it, read for the digest.

The week is read straight from the gig, profile, collaboration and engagement tables, so every
query the digest makes is here. A feature whose tables do not exist is left out (see
`installed_features`). Every table keeps instants as `bot.store.stamps` writes them, so the
week's bounds compare with them as text.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.digest.rules import closing_soon_until, is_closing_soon, is_featured, is_new
from bot.digest.week import DigestWeek, Listing, SkillDemand, WeekCounts
from bot.links import posted_link
from bot.store import Store
from bot.store.stamps import instant, stamp

FEATURE_TABLES = {
    "gigs": ("gigs", "gig_skills"),
    "profiles": ("profiles", "profile_skills"),
    "collab": ("collab_requests", "collab_skills"),
    "reputation": ("engagements",),
}


async def installed_features(store: Store) -> frozenset[str]:
    """The features whose tables exist: "gigs", "profiles", "collab", "reputation"."""
    rows = await store.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    tables = {row["name"] for row in rows}
    return frozenset(
        feature for feature, needed in FEATURE_TABLES.items() if tables.issuperset(needed)
    )


# --- the week ----------------------------------------------------------------------------------

Counts = dict[str, int]


@dataclass(frozen=True)
class _GigWeek:
    featured: tuple[Listing, ...]
    new: tuple[Listing, ...]
    closing_soon: tuple[Listing, ...]
    asked: Counts
    posted: int
    filled: int


async def load_week(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime, features: frozenset[str]
) -> DigestWeek:
    """What the hub's week [starts_at, ends_at) held, and what is open at its end.

    The features' reads are sent at once, so the store's read-only connections answer them side
    by side instead of one after the other."""
    gigs, profiles, collab, completed = await asyncio.gather(
        _gig_week(store, guild_id, starts_at, ends_at) if "gigs" in features else _absent(),
        _profile_week(store, guild_id, starts_at, ends_at) if "profiles" in features else _absent(),
        _collab_week(store, guild_id, starts_at, ends_at) if "collab" in features else _absent(),
        _count(
            store,
            "SELECT COUNT(*) FROM engagements"
            " WHERE guild_id = ? AND confirmed_at >= ? AND confirmed_at < ?",
            (guild_id, stamp(starts_at), stamp(ends_at)),
        )
        if "reputation" in features
        else _absent(),
    )
    asked = {} if gigs is None else gigs.asked
    new_intros, offered = (None, {}) if profiles is None else profiles
    open_requests, matched = (None, None) if collab is None else collab
    return DigestWeek(
        starts_at=starts_at,
        ends_at=ends_at,
        featured=None if gigs is None else gigs.featured,
        new_gigs=None if gigs is None else gigs.new,
        closing_soon=None if gigs is None else gigs.closing_soon,
        open_requests=open_requests,
        new_intros=new_intros,
        skills=tuple(
            SkillDemand(skill, asked.get(skill, 0), offered.get(skill, 0))
            for skill in sorted(asked.keys() | offered.keys())
        ),
        counts=WeekCounts(
            posted=None if gigs is None else gigs.posted,
            filled=None if gigs is None else gigs.filled,
            matched=matched,
            completed=completed,
        ),
    )


async def _absent() -> None:
    """What a feature whose tables do not exist reads."""


async def _gig_week(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime
) -> _GigWeek:
    window = (guild_id, stamp(starts_at), stamp(ends_at))
    (featured, new, closing), asked, posted, filled = await asyncio.gather(
        _gig_sections(store, guild_id, starts_at, ends_at),
        _counts_by_skill(
            store,
            "SELECT s.skill, COUNT(*) FROM gig_skills AS s JOIN gigs AS g ON g.id = s.gig_id"
            " WHERE g.guild_id = ? AND g.published_at >= ? AND g.published_at < ?"
            " GROUP BY s.skill",
            window,
        ),
        _count(
            store,
            "SELECT COUNT(*) FROM gigs"
            " WHERE guild_id = ? AND published_at >= ? AND published_at < ?",
            window,
        ),
        _count(
            store,
            "SELECT COUNT(*) FROM gigs WHERE guild_id = ? AND close_reason = 'filled'"
            " AND closed_at >= ? AND closed_at < ?",
            window,
        ),
    )
    return _GigWeek(featured, new, closing, asked, posted, filled)


async def _profile_week(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime
) -> tuple[tuple[Listing, ...], Counts]:
    return await asyncio.gather(
        _new_introductions(store, guild_id, starts_at, ends_at),
        # people_ranked holds the skills of the members still in the hub, by skill: counting its
        # ranges reads no profile (2.2 s joined to profiles, 124 ms leaving out those who left
        # by a subquery, 42 ms here, at 100,000 profiles).
        _counts_by_skill(
            store,
            "SELECT skill, COUNT(*) FROM people_ranked WHERE guild_id = ? GROUP BY skill",
            (guild_id,),
        ),
    )


async def _collab_week(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime
) -> tuple[tuple[Listing, ...], int]:
    return await asyncio.gather(
        _open_requests(store, guild_id, ends_at),
        _count(
            store,
            "SELECT COUNT(*) FROM collab_requests"
            " WHERE guild_id = ? AND matched_at >= ? AND matched_at < ?",
            (guild_id, stamp(starts_at), stamp(ends_at)),
        ),
    )


async def member_skills(store: Store, guild_id: int, user_id: int) -> frozenset[str]:
    """The skills on the member's profile in the hub; none without a profile."""
    rows = await store.fetch_all(
        "SELECT s.skill FROM profile_skills AS s JOIN profiles AS p"
        " ON p.guild_id = s.guild_id AND p.user_id = s.user_id"
        " WHERE s.guild_id = ? AND s.user_id = ? AND p.departed_at IS NULL",
        (guild_id, user_id),
    )
    return frozenset(row["skill"] for row in rows)


async def _gig_sections(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime
) -> tuple[tuple[Listing, ...], tuple[Listing, ...], tuple[Listing, ...]]:
    """Published gigs featured at the week's end, new in it, or closing soon after, as
    bot/digest/rules.py counts them: (featured, new, closing soon), the first two newest first,
    the last soonest first. The SQL reads the rows those bounds can select."""
    found = await _listings(
        store,
        guild_id,
        "SELECT g.id AS owner, g.poster_id AS author, g.title, g.published_at AS posted,"
        " g.expires_at AS closes, g.featured_until, g.message_channel_id AS channel_id,"
        " g.message_id FROM gigs AS g {}"
        " ORDER BY g.published_at DESC, g.id DESC",
        "SELECT s.gig_id, s.skill FROM gigs AS g JOIN gig_skills AS s ON s.gig_id = g.id {}"
        " ORDER BY s.gig_id, s.position",
        "WHERE g.guild_id = ? AND g.status = 'approved' AND ("
        " g.featured_until > ? OR (g.published_at >= ? AND g.published_at < ?)"
        " OR (g.expires_at > ? AND g.expires_at <= ?))",
        (
            guild_id,
            stamp(ends_at),
            stamp(starts_at),
            stamp(ends_at),
            stamp(ends_at),
            stamp(closing_soon_until(ends_at)),
        ),
    )
    return await asyncio.to_thread(_into_sections, found, starts_at, ends_at)


def _into_sections(
    found: list[tuple[sqlite3.Row, Listing]], starts_at: datetime, ends_at: datetime
) -> tuple[tuple[Listing, ...], tuple[Listing, ...], tuple[Listing, ...]]:
    featured = [g for row, g in found if is_featured(instant(row["featured_until"]), ends_at)]
    new = [g for _, g in found if is_new(g.posted_at, starts_at, ends_at)]
    closing = [g for _, g in found if is_closing_soon(g.closes_at, ends_at)]
    closing.sort(key=lambda listing: listing.closes_at or ends_at)
    return tuple(featured), tuple(new), tuple(closing)


async def _open_requests(store: Store, guild_id: int, ends_at: datetime) -> tuple[Listing, ...]:
    """Collaboration requests published and still looking for partners, newest first."""
    found = await _listings(
        store,
        guild_id,
        "SELECT r.id AS owner, r.requester_id AS author, r.title, r.posted_at AS posted,"
        " NULL AS closes, r.channel_id, r.message_id FROM collab_requests AS r {}"
        " ORDER BY r.posted_at DESC, r.id DESC",
        "SELECT s.request_id, s.skill FROM collab_requests AS r"
        " JOIN collab_skills AS s ON s.request_id = r.id {} ORDER BY s.request_id, s.rowid",
        "WHERE r.guild_id = ? AND r.status = 'open' AND r.expires_at > ?",
        (guild_id, stamp(ends_at)),
    )
    return tuple(listing for _, listing in found)


async def _new_introductions(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime
) -> tuple[Listing, ...]:
    """Profiles first posted during the week, of members still in the hub, newest first."""
    found = await _listings(
        store,
        guild_id,
        "SELECT p.user_id AS owner, p.user_id AS author, p.headline AS title,"
        " p.created_at AS posted, NULL AS closes, p.post_channel_id AS channel_id,"
        " p.post_message_id AS message_id FROM profiles AS p {}"
        " ORDER BY p.created_at DESC, p.user_id",
        # CROSS JOIN: the week's profiles first (left to itself, SQLite walks every member's
        # skills for the few new ones: 400 ms instead of 5 at 100,000 profiles).
        "SELECT s.user_id, s.skill FROM profiles AS p CROSS JOIN profile_skills AS s"
        " ON s.guild_id = p.guild_id AND s.user_id = p.user_id {}"
        " ORDER BY s.user_id, s.position",
        "WHERE p.guild_id = ? AND p.departed_at IS NULL AND p.created_at >= ? AND p.created_at < ?",
        (guild_id, stamp(starts_at), stamp(ends_at)),
    )
    return tuple(listing for _, listing in found if is_new(listing.posted_at, starts_at, ends_at))


async def _listings(
    store: Store,
    guild_id: int,
    sql: str,
    skills_sql: str,
    where: str,
    params: Sequence[object],
) -> list[tuple[sqlite3.Row, Listing]]:
    """The rows of `sql` (owner, author, title, posted, closes, channel_id, message_id) with
    the listing each makes, skills included: `skills_sql` gives (owner, skill) in order for the
    rows the same `where` selects. The skills are read after the rows, so every row still
    selected then has its skills (one statement joining both costs more than the two)."""
    rows = await store.fetch_all(sql.format(where), params)
    skill_rows = await store.fetch_all(skills_sql.format(where), params) if rows else []
    # A busy week lists thousands of gigs: they are built in a worker thread, off the event loop.
    return await asyncio.to_thread(_built, guild_id, rows, skill_rows)


def _built(
    guild_id: int, rows: list[sqlite3.Row], skill_rows: list[sqlite3.Row]
) -> list[tuple[sqlite3.Row, Listing]]:
    skills: dict[int, list[str]] = {}
    for owner, skill in skill_rows:
        skills.setdefault(owner, []).append(skill)
    return [
        (
            row,
            Listing(
                title=row["title"],
                url=posted_link(guild_id, row["channel_id"], row["message_id"]),
                skills=tuple(skills.get(row["owner"], ())),
                author_id=row["author"],
                posted_at=instant(row["posted"]),
                closes_at=instant(row["closes"]),
            ),
        )
        for row in rows
    ]


async def _counts_by_skill(store: Store, sql: str, params: Sequence[object]) -> dict[str, int]:
    return {skill: int(count) for skill, count in await store.fetch_all(sql, params)}


async def _count(store: Store, sql: str, params: Sequence[object]) -> int:
    row = await store.fetch_one(sql, params)
    assert row is not None
    return int(row[0])
