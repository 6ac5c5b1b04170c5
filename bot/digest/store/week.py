"""The week as the other features recorded it, read for the digest.

The week is read straight from the gig, profile and collaboration tables, so every query the
digest makes is here. A feature whose tables do not exist is left out (see `installed_features`).
Every table keeps instants as `bot.store.stamps` writes them, so the week's bounds compare with
them as text.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
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
}


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


async def installed_features(store: Store) -> frozenset[str]:
    """The features whose tables exist: "gigs", "profiles", "collab"."""
    rows = await store.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    tables = {row["name"] for row in rows}
    return frozenset(
        feature for feature, needed in FEATURE_TABLES.items() if tables.issuperset(needed)
    )


# --- the week ----------------------------------------------------------------------------------


async def load_week(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime, features: frozenset[str]
) -> DigestWeek:
    """What the hub's week [starts_at, ends_at) held, and what is open at its end."""
    featured = new_gigs = closing_soon = open_requests = new_intros = None
    asked: dict[str, int] = {}
    offered: dict[str, int] = {}
    posted = filled = matched = None
    if "gigs" in features:
        featured, new_gigs, closing_soon = await _gig_sections(store, guild_id, starts_at, ends_at)
        window = (guild_id, stamp(starts_at), stamp(ends_at))
        asked = await _counts_by_skill(
            store,
            "SELECT s.skill, COUNT(*) FROM gig_skills AS s JOIN gigs AS g ON g.id = s.gig_id"
            " WHERE g.guild_id = ? AND g.published_at >= ? AND g.published_at < ?"
            " GROUP BY s.skill",
            window,
        )
        posted = await _count(
            store,
            "SELECT COUNT(*) FROM gigs"
            " WHERE guild_id = ? AND published_at >= ? AND published_at < ?",
            window,
        )
        filled = await _count(
            store,
            "SELECT COUNT(*) FROM gigs WHERE guild_id = ? AND close_reason = 'filled'"
            " AND closed_at >= ? AND closed_at < ?",
            window,
        )
    if "profiles" in features:
        new_intros = await _new_introductions(store, guild_id, starts_at, ends_at)
        # people_ranked holds the skills of the members still in the hub, by skill: counting its
        # ranges reads no profile (2.2 s joined to profiles, 124 ms leaving out those who left
        # by a subquery, 42 ms here, at 100,000 profiles).
        offered = await _counts_by_skill(
            store,
            "SELECT skill, COUNT(*) FROM people_ranked WHERE guild_id = ? GROUP BY skill",
            (guild_id,),
        )
    if "collab" in features:
        open_requests = await _open_requests(store, guild_id, ends_at)
        matched = await _count(
            store,
            "SELECT COUNT(*) FROM collab_requests"
            " WHERE guild_id = ? AND matched_at >= ? AND matched_at < ?",
            (guild_id, stamp(starts_at), stamp(ends_at)),
        )
    return DigestWeek(
        starts_at=starts_at,
        ends_at=ends_at,
        featured=featured,
        new_gigs=new_gigs,
        closing_soon=closing_soon,
        open_requests=open_requests,
        new_intros=new_intros,
        skills=tuple(
            SkillDemand(skill, asked.get(skill, 0), offered.get(skill, 0))
            for skill in sorted(asked.keys() | offered.keys())
        ),
        counts=WeekCounts(posted=posted, filled=filled, matched=matched),
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
        "SELECT id AS owner, poster_id AS author, title, published_at AS posted,"
        " expires_at AS closes, featured_until, message_channel_id AS channel_id, message_id"
        " FROM gigs WHERE guild_id = ? AND status = 'approved' AND ("
        " featured_until > ? OR (published_at >= ? AND published_at < ?)"
        " OR (expires_at > ? AND expires_at <= ?))"
        " ORDER BY published_at DESC, id DESC",
        (
            guild_id,
            stamp(ends_at),
            stamp(starts_at),
            stamp(ends_at),
            stamp(ends_at),
            stamp(closing_soon_until(ends_at)),
        ),
        "SELECT gig_id, skill FROM gig_skills WHERE gig_id IN ({}) ORDER BY gig_id, position",
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
        "SELECT id AS owner, requester_id AS author, title, posted_at AS posted, NULL AS closes,"
        " channel_id, message_id FROM collab_requests"
        " WHERE guild_id = ? AND status = 'open' AND expires_at > ?"
        " ORDER BY posted_at DESC, id DESC",
        (guild_id, stamp(ends_at)),
        "SELECT request_id, skill FROM collab_skills WHERE request_id IN ({})"
        " ORDER BY request_id, rowid",
    )
    return tuple(listing for _, listing in found)


async def _new_introductions(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime
) -> tuple[Listing, ...]:
    """Profiles first posted during the week, of members still in the hub, newest first."""
    found = await _listings(
        store,
        guild_id,
        "SELECT user_id AS owner, user_id AS author, headline AS title, created_at AS posted,"
        " NULL AS closes, post_channel_id AS channel_id, post_message_id AS message_id"
        " FROM profiles"
        " WHERE guild_id = ? AND departed_at IS NULL AND created_at >= ? AND created_at < ?"
        " ORDER BY created_at DESC, user_id",
        (guild_id, stamp(starts_at), stamp(ends_at)),
        "SELECT user_id, skill FROM profile_skills WHERE guild_id = ? AND user_id IN ({})"
        " ORDER BY user_id, position",
        leading=(guild_id,),
    )
    return tuple(listing for _, listing in found if is_new(listing.posted_at, starts_at, ends_at))


async def _listings(
    store: Store,
    guild_id: int,
    sql: str,
    params: Sequence[object],
    skills_sql: str,
    leading: tuple[object, ...] = (),
) -> list[tuple[sqlite3.Row, Listing]]:
    """The rows of `sql` (owner, author, title, posted, closes, channel_id, message_id) with
    the listing each makes, skills included."""
    rows = await store.fetch_all(sql, params)
    ids = [row["owner"] for row in rows]
    skill_rows = []
    if ids:
        skill_rows = await store.fetch_all(skills_sql.format(_marks(ids)), (*leading, *ids))
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
