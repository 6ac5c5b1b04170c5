"""Gig records: their creation, their transitions with the audit trail, and their history.

Transitions are conditional updates (`... WHERE status IN (allowed states)`) inside one
transaction with their audit event, so of two moderators deciding at once exactly one wins and
the other is told the gig was already decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.gigs.curation import ALLOWED_FROM, RESULTING_STATUS, GigAction
from bot.gigs.model import (
    CloseReason,
    Gig,
    GigStatus,
    GigTerms,
)
from bot.gigs.rules import fingerprint
from bot.gigs.store.rows import (
    TERM_COLUMNS,
    gigs_from_rows,
    record_event,
    sql_value,
    term_values,
    write_skills,
)
from bot.instance import THIS_RUN
from bot.store import Connection, Store, inserted_id
from bot.store.stamps import instant, stamp

# Columns a transition may set besides its status; names are fixed here, never taken from input.
_WRITABLE = frozenset(
    {
        "decided_by",
        "decision_reason",
        "published_at",
        "revision",
        "approved_revision",
        "expires_at",
        "closed_at",
        "close_reason",
        "featured_until",
        "renewals",
        "reminded_at",
        "submitted_at",
        "queue_channel_id",
        "queue_message_id",
        "queueing_since",
        "queueing_by",
    }
)


@dataclass(frozen=True)
class GigEvent:
    gig_id: int
    at: datetime
    actor_id: int | None
    action: GigAction
    from_status: GigStatus | None
    to_status: GigStatus | None
    detail: str | None


async def create_gig(
    store: Store,
    *,
    guild_id: int,
    poster_id: int,
    terms: GigTerms,
    now: datetime,
    poster_locale: str | None = None,
    queueing_by: str | None = THIS_RUN,
) -> Gig:
    """A new gig, pending, with its submission recorded; claimed for queueing by the run
    `queueing_by` so no catch-up queues it while its submitter does."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "INSERT INTO gigs (guild_id, poster_id, poster_locale, status, "  # noqa: S608 - fixed column names
            f"{', '.join(TERM_COLUMNS)}, fingerprint, created_at, updated_at, submitted_at, "
            "queueing_since, queueing_by) "
            f"VALUES (?, ?, ?, ?, {', '.join('?' for _ in TERM_COLUMNS)}, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            (
                guild_id,
                poster_id,
                poster_locale,
                GigStatus.PENDING.value,
                *term_values(terms),
                fingerprint(terms.title, terms.description),
                stamp(now),
                stamp(now),
                stamp(now),
                None if queueing_by is None else stamp(now),
                queueing_by,
            ),
        )
        gig_id = await inserted_id(cursor)
        await write_skills(db, gig_id, terms.skills)
        await record_event(db, gig_id, now, poster_id, GigAction.SUBMIT, None, GigStatus.PENDING)
    return await _written(store, gig_id)


async def get_gig(store: Store, gig_id: int) -> Gig | None:
    row = await store.fetch_one("SELECT * FROM gigs WHERE id = ?", (gig_id,))
    if row is None:
        return None
    return (await gigs_from_rows(store, [row]))[0]


async def _written(store: Store, gig_id: int) -> Gig:
    """The gig just written; gigs are never deleted."""
    gig = await get_gig(store, gig_id)
    assert gig is not None
    return gig


class GigMovedOn(Exception):
    """`act` changed nothing: there is no such gig (`status` None), or it is no longer as the
    action expected it (now in `status`)."""

    def __init__(self, gig_id: int, status: GigStatus | None) -> None:
        super().__init__(gig_id, status)
        self.gig_id = gig_id
        self.status = status


async def act(
    store: Store,
    gig_id: int,
    action: GigAction,
    actor_id: int | None,
    now: datetime,
    *,
    detail: str | None = None,
    columns: Mapping[str, object] | None = None,
    expected: Mapping[str, object] | None = None,
    terms: GigTerms | None = None,
) -> Gig:
    """Apply `action` if the gig is still in a state it may come from, and record who and when.

    `columns` are set along with the status; `expected` are values the gig must still have (a
    renewal counts on the renewals it saw); `terms` replace the gig's text and choices (an edit).
    A gig that moved on meanwhile raises `GigMovedOn` with its present state.
    """
    columns = dict(columns or {})
    expected = dict(expected or {})
    unknown = (set(columns) | set(expected)) - _WRITABLE
    if unknown:
        raise ValueError(f"not writable by a transition: {sorted(unknown)}")
    allowed = sorted(ALLOWED_FROM[action])
    to_status = RESULTING_STATUS.get(action)
    assignments = {**columns, "updated_at": stamp(now)}
    if to_status is not None:
        assignments["status"] = to_status.value
    if terms is not None:
        assignments.update(zip(TERM_COLUMNS, term_values(terms), strict=True))
        assignments["fingerprint"] = fingerprint(terms.title, terms.description)
    sql = (
        f"UPDATE gigs SET {', '.join(f'{name} = ?' for name in assignments)} "  # noqa: S608 - fixed column names
        f"WHERE id = ? AND status IN ({', '.join('?' for _ in allowed)})"
        + "".join(f" AND {name} IS NOT DISTINCT FROM ?" for name in expected)
    )
    params = [
        *(sql_value(value) for value in assignments.values()),
        gig_id,
        *(status.value for status in allowed),
        *(sql_value(value) for value in expected.values()),
    ]

    async def apply(db: Connection) -> tuple[GigStatus, bool]:
        """The status the gig was in, and whether the action applied."""
        row = await (await db.execute("SELECT status FROM gigs WHERE id = ?", (gig_id,))).fetchone()
        if row is None:
            raise GigMovedOn(gig_id, None)
        from_status = GigStatus(row["status"])
        cursor = await db.execute(sql, params)
        if cursor.rowcount != 1:
            return from_status, False
        if terms is not None:
            await db.execute("DELETE FROM gig_skills WHERE gig_id = ?", (gig_id,))
            await write_skills(db, gig_id, terms.skills)
        await record_event(db, gig_id, now, actor_id, action, from_status, to_status, detail)
        return from_status, True

    # Atomic: on PostgreSQL the loser of two decisions at once is run again, and then sees
    # the gig as the winner left it.
    from_status, applied = await store.atomic(apply)
    if not applied:
        raise GigMovedOn(gig_id, from_status)
    return await _written(store, gig_id)


async def record_filled_via_hub(store: Store, gig_id: int, poster_id: int, via_hub: bool) -> bool:
    """The poster's answer to "was it filled through the hub?"; False unless theirs and filled."""
    changed = await store.write(
        "UPDATE gigs SET filled_via_hub = ? "
        "WHERE id = ? AND poster_id = ? AND status = ? AND close_reason = ?",
        (int(via_hub), gig_id, poster_id, GigStatus.CLOSED.value, CloseReason.FILLED.value),
    )
    return changed == 1


async def gig_history(store: Store, gig_id: int) -> list[GigEvent]:
    rows = await store.fetch_all("SELECT * FROM gig_events WHERE gig_id = ? ORDER BY id", (gig_id,))
    return [
        GigEvent(
            gig_id=row["gig_id"],
            at=instant(row["at"]),
            actor_id=row["actor_id"],
            action=GigAction(row["action"]),
            from_status=None if row["from_status"] is None else GigStatus(row["from_status"]),
            to_status=None if row["to_status"] is None else GigStatus(row["to_status"]),
            detail=row["detail"],
        )
        for row in rows
    ]
