"""Member profiles: introductions, their skills, drafts of refused forms, members who left.

A member who left the server (`departed_at` set) keeps their row, hidden, for 30 days.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from datetime import datetime

from bot.gigs.model import Compensation, PayPeriod
from bot.gigs.money import from_cents, to_cents
from bot.i18n import as_locale
from bot.instance import THIS_RUN
from bot.intros.form import IntroForm
from bot.intros.model import Availability, Profile, ProfileContent
from bot.intros.retention import departed_profiles_expire_before, drafts_expire_before
from bot.intros.store.people import marks
from bot.intros.store.posts import POSTING, keep_removal
from bot.outbox.model import Kind
from bot.store import Connection, Store
from bot.store.claims import Claim, claim_work_in
from bot.store.drafts import Drafts
from bot.store.served import among_guilds
from bot.store.stamps import instant, stamp

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
    run: str = THIS_RUN,
) -> tuple[Profile, Claim | None]:
    """Create or replace the member's introduction (the post reference and alerts are kept);
    it, and the claim for `run` to post it taken in the same transaction (see
    bot/intros/store/posts.py), so no catch-up posts it meanwhile: None when someone else is
    posting it right now. A claim left by a run that died is taken over, saying when."""
    rate = content.rate

    async def save(db: Connection) -> Claim | None:
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
            " revision = profiles.revision + 1,"
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
        return await claim_work_in(db, POSTING, (guild_id, user_id), now, run)

    claim = await store.atomic(save)
    profile = await get_profile(store, guild_id, user_id)
    assert profile is not None
    return profile, claim


async def get_profile(store: Store, guild_id: int, user_id: int) -> Profile | None:
    """The member's profile, also when they are marked as departed."""
    profiles = await _profiles_where(store, "p.guild_id = ? AND p.user_id = ?", (guild_id, user_id))
    return profiles[0] if profiles else None


async def record_post(
    store: Store,
    guild_id: int,
    user_id: int,
    channel_id: int,
    message_id: int,
    revision: int | None = None,
) -> bool:
    """Remember where the introduction is posted, showing `revision` (the one saved now if
    None), so later updates edit that message; the claim to post it ends. False when the
    profile was removed meanwhile."""
    changed = await store.write(
        "UPDATE profiles SET post_channel_id = ?, post_message_id = ?,"
        " posted_revision = COALESCE(?, revision), posting_since = NULL, posting_by = NULL"
        " WHERE guild_id = ? AND user_id = ?",
        (channel_id, message_id, revision, guild_id, user_id),
    )
    return changed == 1


async def remove_profile(
    store: Store, guild_id: int, user_id: int, now: datetime
) -> Profile | None:
    """Delete everything Mozaik keeps about the member's introduction, but for its post's place,
    kept until the post is gone (bot/intros/store/posts.py); the removed profile."""
    profile = await get_profile(store, guild_id, user_id)

    async def remove(db: Connection) -> None:
        if profile is not None:
            await keep_removal(db, profile, now)
        await _delete_member(db, guild_id, user_id)

    await store.atomic(remove)
    return profile


async def _delete_member(db: Connection, guild_id: int, user_id: int) -> None:
    for table in ("profiles", "profile_drafts"):
        await db.execute(
            f"DELETE FROM {table} WHERE guild_id = ? AND user_id = ?",  # noqa: S608 - fixed names
            (guild_id, user_id),
        )
    # The skill alerts their introduction asked for, owed or sent.
    await db.execute(
        "DELETE FROM outbox WHERE guild_id = ? AND user_id = ? AND kind = ?",
        (guild_id, user_id, Kind.SKILL_ALERT.value),
    )


async def set_skill_alerts(store: Store, guild_id: int, user_id: int, enabled: bool) -> bool:
    """Turn the member's skill alerts on or off; False when they have no profile."""
    changed = await store.write(
        "UPDATE profiles SET skill_alerts = ? WHERE guild_id = ? AND user_id = ?",
        (int(enabled), guild_id, user_id),
    )
    return bool(changed)


# --- drafts of refused forms ----------------------------------------------------------------


_DRAFTS = Drafts("profile_drafts", IntroForm.from_json)
save_draft = _DRAFTS.keep
get_draft = _DRAFTS.get


# --- members who left -----------------------------------------------------------------------


async def mark_departed(store: Store, guild_id: int, user_id: int, now: datetime) -> bool:
    """Hide the member's profile from now on; False when there is none or it was hidden already."""
    changed = await store.write(
        "UPDATE profiles SET departed_at = ?"
        " WHERE guild_id = ? AND user_id = ? AND departed_at IS NULL",
        (stamp(now), guild_id, user_id),
    )
    return bool(changed)


async def mark_present(store: Store, guild_id: int, user_id: int) -> None:
    """The member is (back) in the server: show their profile again."""
    await store.write(
        "UPDATE profiles SET departed_at = NULL"
        " WHERE guild_id = ? AND user_id = ? AND departed_at IS NOT NULL",
        (guild_id, user_id),
    )


async def purge_departed(
    store: Store, now: datetime, guild_ids: Collection[int] | None = None
) -> list[Profile]:
    """Remove the profiles of members gone for 30 days (in every hub, or in those of
    `guild_ids`), and stale drafts; the removed profiles.

    The caller deletes their posts.
    """
    served, served_ids = among_guilds(guild_ids, "p.guild_id")
    expired = await _profiles_where(
        store,
        f"p.departed_at IS NOT NULL AND p.departed_at < ? AND {served}",
        (stamp(departed_profiles_expire_before(now)), *served_ids),
    )

    async def purge(db: Connection) -> None:
        for profile in expired:
            await keep_removal(db, profile, now)
            await _delete_member(db, profile.guild_id, profile.user_id)
        await db.execute(
            "DELETE FROM profile_drafts WHERE saved_at < ?", (stamp(drafts_expire_before(now)),)
        )

    await store.atomic(purge)
    return expired


# --- finding people -------------------------------------------------------------------------


# --- what other features read ---------------------------------------------------------------


# --- skill alerts ---------------------------------------------------------------------------


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
            f" WHERE guild_id = ? AND user_id IN ({marks(user_ids)})"
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
        revision=row["revision"],
        posts_lost=row["posts_lost"],
    )
