"""Member profiles: introductions, their skills, drafts of refused forms and sent skill alerts.

Other features read people from here: /gig applicants (`headlines`) and collaboration requests
(`collaborators_for`); the weekly digest reads the profile tables itself (bot/digest/store.py).
A member who left the server (`departed_at` set) is never returned by a search or the digest.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.gigs.model import Compensation, PayPeriod
from bot.gigs.money import from_cents, to_cents
from bot.i18n import as_locale
from bot.intros.form import IntroForm
from bot.intros.model import Availability, Profile, ProfileContent
from bot.intros.retention import departed_profiles_expire_before, drafts_expire_before
from bot.intros.search import (
    COLLABORATOR_SUGGESTIONS,
    PAGE_SIZE,
    Page,
    PersonMatch,
    page_count,
)
from bot.store import Store
from bot.store.stamps import instant, stamp

# Availability in ranking order, as SQL; built from the enum, never from input.
_AVAILABILITY_RANK = (
    "CASE p.availability "
    + " ".join(f"WHEN '{a.value}' THEN {a.rank}" for a in Availability)
    + " END"
)


@dataclass(frozen=True)
class AlertRecipient:
    user_id: int
    locale: str
    matched_skills: tuple[str, ...]


# --- saving and reading one profile ---------------------------------------------------------


async def save_profile(
    store: Store,
    guild_id: int,
    user_id: int,
    content: ProfileContent,
    *,
    display_name: str,
    locale: str,
    now: datetime,
) -> Profile:
    """Create or replace the member's introduction; the post reference and alerts are kept."""
    rate = content.rate
    async with store.transaction() as db:
        await db.execute(
            "INSERT INTO profiles (guild_id, user_id, display_name, locale, headline, about,"
            " availability, links, languages, location, rate_currency, rate_minimum_cents,"
            " rate_maximum_cents, rate_period, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name,"
            " locale = excluded.locale, headline = excluded.headline, about = excluded.about,"
            " availability = excluded.availability, links = excluded.links,"
            " languages = excluded.languages, location = excluded.location,"
            " rate_currency = excluded.rate_currency,"
            " rate_minimum_cents = excluded.rate_minimum_cents,"
            " rate_maximum_cents = excluded.rate_maximum_cents,"
            " rate_period = excluded.rate_period, updated_at = excluded.updated_at,"
            " departed_at = NULL",
            (
                guild_id,
                user_id,
                display_name,
                as_locale(locale) or "en",
                content.headline,
                content.about,
                content.availability.value,
                json.dumps(content.links),
                json.dumps(content.languages, ensure_ascii=False),
                content.location,
                rate.currency if rate else None,
                to_cents(rate.minimum) if rate else None,
                to_cents(rate.maximum) if rate and rate.maximum is not None else None,
                rate.period.value if rate else None,
                stamp(now),
                stamp(now),
            ),
        )
        await db.execute(
            "DELETE FROM profile_skills WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        await db.executemany(
            "INSERT INTO profile_skills (guild_id, user_id, skill, position) VALUES (?, ?, ?, ?)",
            [(guild_id, user_id, skill, n) for n, skill in enumerate(content.skills)],
        )
        await db.execute(
            "DELETE FROM profile_drafts WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
    profile = await get_profile(store, guild_id, user_id)
    assert profile is not None
    return profile


async def get_profile(store: Store, guild_id: int, user_id: int) -> Profile | None:
    """The member's profile, also when they are marked as departed."""
    profiles = await _profiles_where(store, "p.guild_id = ? AND p.user_id = ?", (guild_id, user_id))
    return profiles[0] if profiles else None


async def record_post(
    store: Store, guild_id: int, user_id: int, channel_id: int, message_id: int
) -> None:
    """Remember where the introduction is posted, so later updates edit that message."""
    async with store.transaction() as db:
        await db.execute(
            "UPDATE profiles SET post_channel_id = ?, post_message_id = ?"
            " WHERE guild_id = ? AND user_id = ?",
            (channel_id, message_id, guild_id, user_id),
        )


async def remove_profile(store: Store, guild_id: int, user_id: int) -> Profile | None:
    """Delete everything Mozaik keeps about the member's introduction; the removed profile."""
    profile = await get_profile(store, guild_id, user_id)
    async with store.transaction() as db:
        await _delete_member(db, guild_id, user_id)
    return profile


async def _delete_member(db: aiosqlite.Connection, guild_id: int, user_id: int) -> None:
    for table in ("profiles", "profile_drafts", "sent_skill_alerts"):
        await db.execute(
            f"DELETE FROM {table} WHERE guild_id = ? AND user_id = ?",  # noqa: S608 - fixed names
            (guild_id, user_id),
        )


async def set_skill_alerts(store: Store, guild_id: int, user_id: int, enabled: bool) -> bool:
    """Turn the member's skill alerts on or off; False when they have no profile."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "UPDATE profiles SET skill_alerts = ? WHERE guild_id = ? AND user_id = ?",
            (int(enabled), guild_id, user_id),
        )
        return bool(cursor.rowcount)


# --- drafts of refused forms ----------------------------------------------------------------


async def save_draft(
    store: Store, guild_id: int, user_id: int, form: IntroForm, now: datetime
) -> None:
    async with store.transaction() as db:
        await db.execute(
            "INSERT INTO profile_drafts (guild_id, user_id, form, saved_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE"
            " SET form = excluded.form, saved_at = excluded.saved_at",
            (guild_id, user_id, form.to_json(), stamp(now)),
        )


async def get_draft(store: Store, guild_id: int, user_id: int) -> IntroForm | None:
    row = await store.fetch_one(
        "SELECT form FROM profile_drafts WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
    )
    return None if row is None else IntroForm.from_json(row["form"])


# --- members who left -----------------------------------------------------------------------


async def mark_departed(store: Store, guild_id: int, user_id: int, now: datetime) -> bool:
    """Hide the member's profile from now on; False when there is none or it was hidden already."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "UPDATE profiles SET departed_at = ?"
            " WHERE guild_id = ? AND user_id = ? AND departed_at IS NULL",
            (stamp(now), guild_id, user_id),
        )
        return bool(cursor.rowcount)


async def mark_present(store: Store, guild_id: int, user_id: int) -> None:
    """The member is (back) in the server: show their profile again."""
    async with store.transaction() as db:
        await db.execute(
            "UPDATE profiles SET departed_at = NULL"
            " WHERE guild_id = ? AND user_id = ? AND departed_at IS NOT NULL",
            (guild_id, user_id),
        )


async def purge_departed(store: Store, now: datetime) -> list[Profile]:
    """Remove the profiles of members gone for 30 days, and stale drafts; the removed profiles.

    The caller deletes their posts.
    """
    expired = await _profiles_where(
        store,
        "p.departed_at IS NOT NULL AND p.departed_at < ?",
        (stamp(departed_profiles_expire_before(now)),),
    )
    async with store.transaction() as db:
        for profile in expired:
            await _delete_member(db, profile.guild_id, profile.user_id)
        await db.execute(
            "DELETE FROM profile_drafts WHERE saved_at < ?", (stamp(drafts_expire_before(now)),)
        )
    return expired


# --- finding people -------------------------------------------------------------------------


async def find_people_by_skill(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | Collection[Availability] | None = None,
    exclude: Collection[int] = (),
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> list[PersonMatch]:
    """Present members with at least one of `skills`, best match first.

    Ranked by how many of the skills they have, then availability (open to work first), then
    the most recently updated profile.
    """
    where, params = _search_filter(guild_id, skills, availability, exclude)
    # CROSS JOIN: read the skill's range of profile_skills, then each member's row; left to
    # itself, SQLite reads every profile of the hub and looks each one's skills up.
    rows = await store.fetch_all(
        "SELECT p.user_id, p.display_name, p.headline, p.availability, p.updated_at,"  # noqa: S608 - only ? placeholders are inserted
        " group_concat(s.skill, char(31)) AS matched, COUNT(*) AS matches"
        " FROM profile_skills AS s CROSS JOIN profiles AS p"
        " ON p.guild_id = s.guild_id AND p.user_id = s.user_id"
        f" WHERE {where} GROUP BY p.user_id"
        f" ORDER BY matches DESC, {_AVAILABILITY_RANK}, p.updated_at DESC, p.user_id"
        " LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    order = {skill: n for n, skill in enumerate(skills)}
    return [
        PersonMatch(
            user_id=row["user_id"],
            display_name=row["display_name"],
            headline=row["headline"],
            availability=Availability(row["availability"]),
            matched_skills=tuple(sorted(row["matched"].split("\x1f"), key=order.__getitem__)),
            updated_at=instant(row["updated_at"]),
        )
        for row in rows
    ]


async def count_people_with_skills(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | None = None,
) -> int:
    where, params = _search_filter(guild_id, skills, availability, ())
    row = await store.fetch_one(
        "SELECT COUNT(DISTINCT s.user_id) FROM profile_skills AS s CROSS JOIN profiles AS p"  # noqa: S608 - only ? placeholders are inserted
        " ON p.guild_id = s.guild_id AND p.user_id = s.user_id"
        f" WHERE {where}",
        params,
    )
    assert row is not None
    return int(row[0])


async def find_page(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | None = None,
    page: int = 0,
) -> Page:
    """One page of `find_people_by_skill`; a page past the end shows the last one."""
    total = await count_people_with_skills(store, guild_id, skills, availability=availability)
    number = max(0, min(page, page_count(total) - 1))
    people = await find_people_by_skill(
        store, guild_id, skills, availability=availability, offset=number * PAGE_SIZE
    )
    return Page(people=tuple(people), number=number, total=total)


async def collaborators_for(
    store: Store, guild_id: int, skills: Sequence[str], *, exclude: Collection[int] = ()
) -> list[PersonMatch]:
    """Up to five members open to collaborate with the most of `skills`, none of `exclude`."""
    return await find_people_by_skill(
        store,
        guild_id,
        skills,
        availability=Availability.OPEN_TO_COLLABORATE,
        exclude=exclude,
        limit=COLLABORATOR_SUGGESTIONS,
    )


def _search_filter(
    guild_id: int,
    skills: Sequence[str],
    availability: Availability | Collection[Availability] | None,
    exclude: Collection[int],
) -> tuple[str, list[object]]:
    clauses = [f"s.guild_id = ? AND s.skill IN ({_marks(skills)}) AND p.departed_at IS NULL"]
    params: list[object] = [guild_id, *skills]
    if availability is not None:
        wanted = [availability] if isinstance(availability, Availability) else list(availability)
        clauses.append(f"p.availability IN ({_marks(wanted)})")
        params.extend(a.value for a in wanted)
    if exclude:
        clauses.append(f"p.user_id NOT IN ({_marks(exclude)})")
        params.extend(exclude)
    return " AND ".join(clauses), params


def _marks(values: Collection[object]) -> str:
    return ", ".join("?" for _ in values)


# --- what other features read ---------------------------------------------------------------


async def headlines(store: Store, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
    """The headline of each of these members who has a profile (for /gig applicants)."""
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        return {}
    rows = await store.fetch_all(
        "SELECT user_id, headline FROM profiles"  # noqa: S608 - only ? placeholders are inserted
        f" WHERE guild_id = ? AND user_id IN ({_marks(wanted)})",
        (guild_id, *wanted),
    )
    return {row["user_id"]: row["headline"] for row in rows}


# --- skill alerts ---------------------------------------------------------------------------


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
        f" WHERE s.guild_id = ? AND s.skill IN ({_marks(skills)})"
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
    async with store.transaction() as db:
        cursor = await db.execute(
            "INSERT OR IGNORE INTO sent_skill_alerts (guild_id, gig_id, user_id, sent_at)"
            " VALUES (?, ?, ?, ?)",
            (guild_id, gig_id, user_id, stamp(now)),
        )
        return bool(cursor.rowcount)


# --- reading rows ---------------------------------------------------------------------------


async def _profiles_where(
    store: Store, where: str, params: Sequence[object], *, order: str = "p.user_id"
) -> list[Profile]:
    rows = await store.fetch_all(
        f"SELECT p.* FROM profiles AS p WHERE {where} ORDER BY {order}",  # noqa: S608 - fixed SQL
        params,
    )
    if not rows:
        return []
    skills = await _skills_of(store, [(row["guild_id"], row["user_id"]) for row in rows])
    return [_profile(row, skills.get((row["guild_id"], row["user_id"]), ())) for row in rows]


async def _skills_of(
    store: Store, members: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], tuple[str, ...]]:
    found: dict[tuple[int, int], list[str]] = {}
    for guild_id in {guild for guild, _ in members}:
        user_ids = [user for guild, user in members if guild == guild_id]
        rows = await store.fetch_all(
            "SELECT user_id, skill FROM profile_skills"  # noqa: S608 - only ? placeholders are inserted
            f" WHERE guild_id = ? AND user_id IN ({_marks(user_ids)})"
            " ORDER BY user_id, position",
            (guild_id, *user_ids),
        )
        for row in rows:
            found.setdefault((guild_id, row["user_id"]), []).append(row["skill"])
    return {member: tuple(skills) for member, skills in found.items()}


def _profile(row: sqlite3.Row, skills: tuple[str, ...]) -> Profile:
    rate = None
    if row["rate_currency"] is not None:
        maximum = row["rate_maximum_cents"]
        rate = Compensation(
            currency=row["rate_currency"],
            minimum=from_cents(row["rate_minimum_cents"]),
            maximum=None if maximum is None else from_cents(maximum),
            period=PayPeriod(row["rate_period"]),
        )
    created_at = instant(row["created_at"])
    updated_at = instant(row["updated_at"])
    assert created_at is not None and updated_at is not None
    return Profile(
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        content=ProfileContent(
            headline=row["headline"],
            about=row["about"],
            skills=skills,
            links=tuple(json.loads(row["links"])),
            availability=Availability(row["availability"]),
            rate=rate,
            location=row["location"],
            languages=tuple(json.loads(row["languages"])),
        ),
        display_name=row["display_name"],
        locale=as_locale(row["locale"]) or "en",
        skill_alerts=bool(row["skill_alerts"]),
        created_at=created_at,
        updated_at=updated_at,
        post_channel_id=row["post_channel_id"],
        post_message_id=row["post_message_id"],
        departed_at=instant(row["departed_at"]),
    )
