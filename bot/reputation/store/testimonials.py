"""Testimonials as stored: written once per side and engagement, shown or hidden by their
receiver, removed by a moderator (with its audit line written by the cog).

A change is a conditional update from the states the rules allow, checked by row count.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.i18n.catalogs import FALLBACK
from bot.outbox.model import Kind
from bot.outbox.store import Address, add_letters
from bot.reputation.model import Testimonial, TestimonialStatus
from bot.store import Connection, Store
from bot.store.rows import fetched, from_row, returned
from bot.store.stamps import stamp

_COLUMNS = (
    "id, guild_id, engagement_id, author_id, receiver_id, body, written_at, status, decided_at"
)


async def write_testimonial(
    store: Store,
    guild_id: int,
    engagement_id: int,
    author_id: int,
    receiver_id: int,
    body: str,
    now: datetime,
    *,
    locale: str = FALLBACK,
) -> Testimonial | None:
    """The testimonial, waiting for its receiver, who is owed the request to approve it (in
    `locale`) in the same transaction; None when the author wrote one for this engagement
    already."""

    async def writing(db: Connection) -> Testimonial | None:
        written = await returned(
            db,
            Testimonial,
            # Only when none is written yet: a refused second one takes no number (PostgreSQL's
            # identity would be spent by a conflicting insert, and moderators name them by it).
            "INSERT INTO testimonials (guild_id, engagement_id, author_id, receiver_id, body, "  # noqa: S608 - fixed columns
            "written_at) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM testimonials "
            "WHERE engagement_id = ? AND author_id = ?) "
            f"ON CONFLICT (engagement_id, author_id) DO NOTHING RETURNING {_COLUMNS}",
            (
                *(guild_id, engagement_id, author_id, receiver_id, body, stamp(now)),
                *(engagement_id, author_id),
            ),
        )
        if written is None:
            return None
        to = [Address(receiver_id, locale)]
        await add_letters(db, Kind.TESTIMONIAL_REQUEST, guild_id, written.id, to, now)
        return written

    return await store.atomic(writing)


async def get_testimonial(store: Store, testimonial_id: int) -> Testimonial | None:
    sql = f"SELECT {_COLUMNS} FROM testimonials WHERE id = ?"  # noqa: S608 - fixed columns
    return await fetched(store, Testimonial, sql, (testimonial_id,))


async def move_testimonial(
    store: Store,
    testimonial_id: int,
    to: TestimonialStatus,
    allowed_from: Collection[TestimonialStatus],
    now: datetime,
    *,
    removed_by: int | None = None,
    reason: str | None = None,
) -> Testimonial | None:
    """Move it to `to` if it is still in one of `allowed_from`; None when it moved on."""
    states = sorted(status.value for status in allowed_from)

    async def moving(db: Connection) -> Testimonial | None:
        return await returned(
            db,
            Testimonial,
            "UPDATE testimonials SET status = ?, decided_at = ?, "  # noqa: S608 - fixed states
            "removed_by = COALESCE(?, removed_by), removed_reason = COALESCE(?, removed_reason) "
            f"WHERE id = ? AND status IN ({', '.join('?' for _ in states)}) "
            f"RETURNING {_COLUMNS}",
            (to.value, stamp(now), removed_by, reason, testimonial_id, *states),
        )

    return await store.atomic(moving)


async def received_testimonials(
    store: Store,
    guild_id: int,
    receiver_id: int,
    statuses: Collection[TestimonialStatus],
    *,
    limit: int,
    offset: int = 0,
) -> tuple[list[Testimonial], int]:
    """One page of the testimonials the member received in these states, latest first, and
    how many there are in all."""
    states = sorted(status.value for status in statuses)
    marks = ", ".join("?" for _ in states)
    where = f"guild_id = ? AND receiver_id = ? AND status IN ({marks})"
    rows = await store.fetch_all(
        f"SELECT {_COLUMNS}, COUNT(*) OVER () AS total FROM testimonials WHERE {where} "  # noqa: S608 - fixed states
        "ORDER BY COALESCE(decided_at, written_at) DESC, id DESC LIMIT ? OFFSET ?",
        (guild_id, receiver_id, *states, limit, offset),
    )
    total = int(rows[0]["total"]) if rows else 0
    return [from_row(Testimonial, row) for row in rows], total
