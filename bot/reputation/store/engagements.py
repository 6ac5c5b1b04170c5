"""Engagements as stored: named or asked, each side's answer, confirmed or declined.

Every answer is a conditional update (the side has not answered, the engagement has not ended,
the other side's answer is still what the rule read), checked by row count, so two clicks at
once record one answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.i18n.catalogs import FALLBACK
from bot.outbox.model import Kind
from bot.outbox.store import Address, add_letters
from bot.reputation.model import Answer, Engagement, EngagementKind
from bot.store import Connection, Store
from bot.store.rows import fetched, from_row, returned
from bot.store.stamps import stamp

_COLUMNS = (
    "id, guild_id, kind, source_id, asker_id, member_id, asked_at, asker_yes_at, member_yes_at, "
    "confirmed_at, declined_at"
)
_SELECT = f"SELECT {_COLUMNS} FROM engagements"  # noqa: S608 - fixed columns


async def ask(
    store: Store,
    guild_id: int,
    kind: EngagementKind,
    source_id: int,
    asker_id: int,
    members: Sequence[int],
    now: datetime,
    *,
    asker_says_yes: bool,
    asking: Mapping[int, str] | None = None,
) -> list[Engagement]:
    """Record that `asker` worked with each of `members` on this gig or request, waiting for
    the answers (the asker's own yes given when `asker_says_yes`), and owe each side in
    `asking` (their language) the question in the same transaction; the engagements asked for
    the first time, so a pair named twice is asked once."""
    asker_yes = stamp(now) if asker_says_yes else None

    async def asking_each(db: Connection) -> list[Engagement]:
        asked = []
        for member_id in members:
            engagement = await returned(
                db,
                Engagement,
                "INSERT INTO engagements (guild_id, kind, source_id, asker_id, member_id, "  # noqa: S608 - fixed columns
                "asked_at, asker_yes_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, source_id, asker_id, member_id) DO NOTHING RETURNING "
                + _COLUMNS,
                (guild_id, kind.value, source_id, asker_id, member_id, stamp(now), asker_yes),
            )
            if engagement is None:
                continue
            asked.append(engagement)
            owed = asking or {}
            to = [Address(side, owed[side]) for side in engagement.sides if side in owed]
            await add_letters(db, Kind.WORK_QUESTION, guild_id, engagement.id, to, now)
        return asked

    return await store.atomic(asking_each)


async def get_engagement(store: Store, engagement_id: int) -> Engagement | None:
    return await fetched(store, Engagement, f"{_SELECT} WHERE id = ?", (engagement_id,))


async def answer(
    store: Store,
    engagement: Engagement,
    user_id: int,
    given: Answer,
    now: datetime,
    *,
    confirms: bool,
    locale: str = FALLBACK,
) -> Engagement | None:
    """Record one side's answer (`confirms`: the rule found it completes the engagement); the
    engagement after it, or None when it moved on since it was read. A confirmation owes the
    side that said yes first the news (in `locale`), in the same transaction."""
    own, other = (
        ("asker_yes_at", "member_yes_at")
        if user_id == engagement.asker_id
        else ("member_yes_at", "asker_yes_at")
    )
    params: tuple[str | None, ...]
    if given is Answer.NO:
        change, params = "declined_at = ?", (stamp(now),)
    else:
        change = f"{own} = ?, confirmed_at = ?"
        params = (stamp(now), stamp(now) if confirms else None)

    async def answering(db: Connection) -> Engagement | None:
        after = await returned(
            db,
            Engagement,
            f"UPDATE engagements SET {change} WHERE id = ? AND {own} IS NULL "  # noqa: S608 - fixed columns
            f"AND confirmed_at IS NULL AND declined_at IS NULL AND ({other} IS NOT NULL) = ? "
            f"RETURNING {_COLUMNS}",
            (*params, engagement.id, getattr(engagement, other) is not None),
        )
        if after is None:
            return None
        if after.confirmed_at is not None:
            to = [Address(after.other_side(user_id), locale)]
            await add_letters(db, Kind.WORK_CONFIRMED, after.guild_id, after.id, to, now)
        return after

    # Run again on PostgreSQL if the other side's click won a conflict: read again, the
    # engagement has moved on and this answer gives None, as on SQLite.
    return await store.atomic(answering)


async def completed_count(store: Store, guild_id: int, user_id: int) -> int:
    """How many confirmed engagements the member has in this hub, on either side."""
    row = await store.fetch_one(
        "SELECT COUNT(*) FROM engagements WHERE guild_id = ? AND confirmed_at IS NOT NULL "
        "AND (asker_id = ? OR member_id = ?)",
        (guild_id, user_id, user_id),
    )
    return int(row[0]) if row is not None else 0


async def completed_between(store: Store, guild_id: int, one: int, other: int) -> Engagement | None:
    """The latest confirmed engagement of exactly these two members in this hub, if any."""
    return await fetched(
        store,
        Engagement,
        f"{_SELECT} WHERE guild_id = ? AND confirmed_at IS NOT NULL "
        "AND ((asker_id = ? AND member_id = ?) OR (asker_id = ? AND member_id = ?)) "
        "ORDER BY confirmed_at DESC LIMIT 1",
        (guild_id, one, other, other, one),
    )


async def completed_of(store: Store, guild_id: int, user_id: int) -> list[Engagement]:
    """The member's confirmed engagements in this hub, latest first."""
    rows = await store.fetch_all(
        f"{_SELECT} WHERE guild_id = ? AND confirmed_at IS NOT NULL "
        "AND (asker_id = ? OR member_id = ?) ORDER BY confirmed_at DESC",
        (guild_id, user_id, user_id),
    )
    return [from_row(Engagement, row) for row in rows]


async def matched_requests_unasked(store: Store, now: datetime) -> list[int]:
    """Matched collaboration requests past their time whose pairs were never asked (the rules'
    `asks_if_worked_together`), oldest first."""
    rows = await store.fetch_all(
        "SELECT id FROM collab_requests r WHERE status = 'matched' AND expires_at <= ? "
        "AND NOT EXISTS (SELECT 1 FROM engagements e WHERE e.kind = 'collab' "
        "AND e.source_id = r.id) ORDER BY expires_at",
        (stamp(now),),
    )
    return [int(row["id"]) for row in rows]
