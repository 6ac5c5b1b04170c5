"""The week as the other features recorded it, read for the digest.

The week is read straight from the gig, profile and collaboration tables, so every query the
digest makes is here. A feature whose tables do not exist is left out (see `installed_features`).
Every table keeps instants as `bot.store.stamps` writes them, so the week's bounds compare with
them as text.
"""

from __future__ import annotations

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
        # Counting by the skill index and leaving out the few who left is far cheaper than
        # joining every skill row to its profile (2.2 s before, at 100,000 profiles).
        offered = await _counts_by_skill(
            store,
            "SELECT skill, COUNT(*) FROM profile_skills WHERE guild_id = ? AND user_id NOT IN"
            " (SELECT user_id FROM profiles WHERE guild_id = ? AND departed_at IS NOT NULL)"
            " GROUP BY skill",
            (guild_id, guild_id),
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
    rows = await store.fetch_all(
        "SELECT id, poster_id, title, published_at, expires_at, featured_until,"
        " message_channel_id, message_id FROM gigs WHERE guild_id = ? AND status = 'approved' AND ("
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
    )
    skills = await _skills_of(
        store,
        "SELECT gig_id, skill FROM gig_skills WHERE gig_id IN ({}) ORDER BY gig_id, position",
        [row["id"] for row in rows],
    )
    featured, new, closing = [], [], []
    for row in rows:
        listing = Listing(
            title=row["title"],
            url=posted_link(guild_id, row["message_channel_id"], row["message_id"]),
            skills=skills.get(row["id"], ()),
            author_id=row["poster_id"],
            posted_at=instant(row["published_at"]),
            closes_at=instant(row["expires_at"]),
        )
        if is_featured(instant(row["featured_until"]), ends_at):
            featured.append(listing)
        if is_new(listing.posted_at, starts_at, ends_at):
            new.append(listing)
        if is_closing_soon(listing.closes_at, ends_at):
            closing.append(listing)
    closing.sort(key=lambda listing: listing.closes_at or ends_at)
    return tuple(featured), tuple(new), tuple(closing)


async def _open_requests(store: Store, guild_id: int, ends_at: datetime) -> tuple[Listing, ...]:
    """Collaboration requests published and still looking for partners, newest first."""
    rows = await store.fetch_all(
        "SELECT id, requester_id, title, posted_at, channel_id, message_id FROM collab_requests"
        " WHERE guild_id = ? AND status = 'open' AND expires_at > ?"
        " ORDER BY posted_at DESC, id DESC",
        (guild_id, stamp(ends_at)),
    )
    skills = await _skills_of(
        store,
        "SELECT request_id, skill FROM collab_skills WHERE request_id IN ({})"
        " ORDER BY request_id, rowid",
        [row["id"] for row in rows],
    )
    return tuple(
        Listing(
            title=row["title"],
            url=posted_link(guild_id, row["channel_id"], row["message_id"]),
            skills=skills.get(row["id"], ()),
            author_id=row["requester_id"],
            posted_at=instant(row["posted_at"]),
        )
        for row in rows
    )


async def _new_introductions(
    store: Store, guild_id: int, starts_at: datetime, ends_at: datetime
) -> tuple[Listing, ...]:
    """Profiles first posted during the week, of members still in the hub, newest first."""
    rows = await store.fetch_all(
        "SELECT user_id, headline, created_at, post_channel_id, post_message_id FROM profiles"
        " WHERE guild_id = ? AND departed_at IS NULL AND created_at >= ? AND created_at < ?"
        " ORDER BY created_at DESC, user_id",
        (guild_id, stamp(starts_at), stamp(ends_at)),
    )
    skills = await _skills_of(
        store,
        "SELECT user_id, skill FROM profile_skills WHERE guild_id = ? AND user_id IN ({})"
        " ORDER BY user_id, position",
        [row["user_id"] for row in rows],
        leading=(guild_id,),
    )
    return tuple(
        Listing(
            title=row["headline"],
            url=posted_link(guild_id, row["post_channel_id"], row["post_message_id"]),
            skills=skills.get(row["user_id"], ()),
            author_id=row["user_id"],
            posted_at=instant(row["created_at"]),
        )
        for row in rows
    )


async def _skills_of(
    store: Store, sql: str, ids: Sequence[int], leading: tuple[object, ...] = ()
) -> dict[int, tuple[str, ...]]:
    """Skills by owner id, in the owner's order; `sql` has one {} for the ids' placeholders."""
    if not ids:
        return {}
    rows = await store.fetch_all(sql.format(_marks(ids)), (*leading, *ids))
    found: dict[int, list[str]] = {}
    for owner, skill in rows:
        found.setdefault(owner, []).append(skill)
    return {owner: tuple(skills) for owner, skills in found.items()}


async def _counts_by_skill(store: Store, sql: str, params: Sequence[object]) -> dict[str, int]:
    return {skill: int(count) for skill, count in await store.fetch_all(sql, params)}


async def _count(store: Store, sql: str, params: Sequence[object]) -> int:
    row = await store.fetch_one(sql, params)
    assert row is not None
    return int(row[0])
