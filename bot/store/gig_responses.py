"""Members' responses to a published gig: "I'm interested", and reports to the moderators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.gigs.curation import GigAction
from bot.gigs.model import GigStatus, ReportReason
from bot.store import Store
from bot.store.gigs import stamp


@dataclass(frozen=True)
class Interest:
    user_id: int
    at: datetime


async def record_interest(store: Store, gig_id: int, user_id: int, now: datetime) -> bool:
    """True the first time a member answers a published gig; False when they already had."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "INSERT INTO gig_interests (gig_id, user_id, at) "
            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM gigs WHERE id = ? AND status = ?) "
            "ON CONFLICT (gig_id, user_id) DO NOTHING",
            (gig_id, user_id, stamp(now), gig_id, GigStatus.APPROVED.value),
        )
        return cursor.rowcount == 1


async def interests_in(store: Store, gig_id: int) -> list[Interest]:
    """Who answered the gig, first come first."""
    rows = await store.fetch_all(
        "SELECT user_id, at FROM gig_interests WHERE gig_id = ? ORDER BY at, rowid", (gig_id,)
    )
    return [Interest(row["user_id"], datetime.fromisoformat(row["at"])) for row in rows]


async def record_report(
    store: Store, gig_id: int, user_id: int, reason: ReportReason, now: datetime
) -> bool:
    """True the first time a member reports a published gig; it joins the gig's audit trail."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "INSERT INTO gig_reports (gig_id, user_id, reason, at) "
            "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM gigs WHERE id = ? AND status = ?) "
            "ON CONFLICT (gig_id, user_id) DO NOTHING",
            (gig_id, user_id, reason.value, stamp(now), gig_id, GigStatus.APPROVED.value),
        )
        if cursor.rowcount != 1:
            return False
        await db.execute(
            "INSERT INTO gig_events (gig_id, at, actor_id, action, from_status, to_status, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                gig_id,
                stamp(now),
                user_id,
                GigAction.REPORT.value,
                GigStatus.APPROVED.value,
                GigStatus.APPROVED.value,
                reason.value,
            ),
        )
        return True
