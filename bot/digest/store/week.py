"""The week as the other features recorded it, read for the digest.

The week is read straight from the gig, profile, collaboration and engagement tables, so every
query the digest makes is here. A feature whose tables do not exist is left out (see
`installed_features`). Every table keeps instants as `bot.store.stamps` writes them, so the
week's bounds compare with them as text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.digest.rules import closing_soon_until
from bot.digest.store.listings import GIGS, INTROS, REQUESTS, read_section
from bot.digest.week import SHOWN, DigestWeek, SectionLimits, Shown, SkillDemand, WeekCounts
from bot.store import Dialect, Store
from bot.store.stamps import stamp

FEATURE_TABLES = {
    "gigs": ("gigs", "gig_skills"),
    "profiles": ("profiles", "profile_skills"),
    "collab": ("collab_requests", "collab_skills"),
    "reputation": ("engagements",),
}


# Each engine lists its tables in a catalog of its own.
TABLES_OF: dict[Dialect, str] = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgresql": "SELECT tablename AS name FROM pg_catalog.pg_tables"
    " WHERE schemaname = current_schema()",
}


async def installed_features(store: Store) -> frozenset[str]:
    """The features whose tables exist: "gigs", "profiles", "collab", "reputation"."""
    rows = await store.fetch_all(TABLES_OF[store.dialect])
    tables = {row["name"] for row in rows}
    return frozenset(
        feature for feature, needed in FEATURE_TABLES.items() if tables.issuperset(needed)
    )


# --- the week ----------------------------------------------------------------------------------

Counts = dict[str, int]


@dataclass(frozen=True)
class _GigWeek:
    featured: Shown
    new: Shown
    closing_soon: Shown
    asked: Counts
    posted: int
    filled: int


async def load_week(
    store: Store,
    guild_id: int,
    starts_at: datetime,
    ends_at: datetime,
    features: frozenset[str],
    shown: SectionLimits = SHOWN,
) -> DigestWeek:
    """What the hub's week [starts_at, ends_at) held, and what is open at its end: each section
    as the listings `shown` lets it show, with how many it holds.

    The features' reads are sent at once, so the store's read-only connections answer them side
    by side instead of one after the other."""
    window = (store, guild_id, starts_at, ends_at, shown)
    gigs, profiles, collab, completed = await asyncio.gather(
        _gig_week(*window) if "gigs" in features else _absent(),
        _profile_week(*window) if "profiles" in features else _absent(),
        _collab_week(*window) if "collab" in features else _absent(),
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
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime, shown: SectionLimits
) -> _GigWeek:
    window = (guild_id, stamp(starts_at), stamp(ends_at))
    (featured, new, closing), asked, posted, filled = await asyncio.gather(
        _gig_sections(store, guild_id, starts_at, ends_at, shown),
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
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime, shown: SectionLimits
) -> tuple[Shown, Counts]:
    return await asyncio.gather(
        _new_introductions(store, guild_id, starts_at, ends_at, shown),
        # Kept by triggers as people_ranked's rows come and go (migration 017): a row per skill,
        # where counting people_ranked's ranges took 41 ms at 100,000 profiles.
        _counts_by_skill(
            store, "SELECT skill, members FROM skills_offered WHERE guild_id = ?", (guild_id,)
        ),
    )


async def _collab_week(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime, shown: SectionLimits
) -> tuple[Shown, int]:
    return await asyncio.gather(
        _open_requests(store, guild_id, ends_at, shown),
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
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime, shown: SectionLimits
) -> tuple[Shown, Shown, Shown]:
    """Published gigs featured at the week's end, new in it, or closing soon after, as
    bot/digest/rules.py counts them: (featured, new, closing soon), the first two newest first,
    the last soonest first; each section the page it shows, read from an index in that order."""
    published = "g.guild_id = ? AND g.status = 'approved'"
    newest = "g.published_at DESC, g.id DESC"
    return await asyncio.gather(
        read_section(
            store,
            guild_id,
            GIGS,
            f"{published} AND g.featured_until > ?",
            newest,
            (guild_id, stamp(ends_at)),
            shown.featured,
        ),
        read_section(
            store,
            guild_id,
            GIGS,
            f"{published} AND g.published_at >= ? AND g.published_at < ?",
            newest,
            (guild_id, stamp(starts_at), stamp(ends_at)),
            shown.new_gigs,
        ),
        read_section(
            store,
            guild_id,
            GIGS,
            f"{published} AND g.expires_at > ? AND g.expires_at <= ?",
            f"g.expires_at, {newest}",
            (guild_id, stamp(ends_at), stamp(closing_soon_until(ends_at))),
            shown.closing_soon,
        ),
    )


async def _open_requests(
    store: Store, guild_id: int, ends_at: datetime, shown: SectionLimits
) -> Shown:
    """Collaboration requests published and still looking for partners, newest first."""
    return await read_section(
        store,
        guild_id,
        REQUESTS,
        "r.guild_id = ? AND r.status = 'open' AND r.expires_at > ?",
        "r.posted_at DESC, r.id DESC",
        (guild_id, stamp(ends_at)),
        shown.open_requests,
    )


async def _new_introductions(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime, shown: SectionLimits
) -> Shown:
    """Profiles first posted during the week, of members still in the hub, newest first."""
    return await read_section(
        store,
        guild_id,
        INTROS,
        "p.guild_id = ? AND p.departed_at IS NULL AND p.created_at >= ? AND p.created_at < ?",
        "p.created_at DESC, p.user_id",
        (guild_id, stamp(starts_at), stamp(ends_at)),
        shown.new_intros,
    )


async def _counts_by_skill(store: Store, sql: str, params: Sequence[object]) -> dict[str, int]:
    return {skill: int(count) for skill, count in await store.fetch_all(sql, params)}


async def _count(store: Store, sql: str, params: Sequence[object]) -> int:
    row = await store.fetch_one(sql, params)
    assert row is not None
    return int(row[0])
