"""Members' responses to a published gig: "I'm interested", and reports to the moderators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.gigs.curation import APPLICANT_DECIDED_FROM, GigAction
from bot.gigs.model import ApplicantStatus, GigStatus, ReportReason
from bot.gigs.store.rows import record_event
from bot.instance import THIS_RUN
from bot.store import Connection, Store
from bot.store.claims import Claim, take_claim
from bot.store.rows import fetched, from_row
from bot.store.stamps import instant, stamp


class PosterTold(StrEnum):
    """How the poster heard of a member's interest."""

    DM = "dm"
    THREAD = "thread"
    NOWHERE = "nowhere"  # neither a direct message nor the gig's thread reached them


@dataclass(frozen=True)
class Interest:
    user_id: int
    at: datetime
    status: ApplicantStatus = ApplicantStatus.APPLIED
    note: str | None = None  # what the member wrote to the poster, if anything
    locale: str | None = None  # the member's language when they answered, if Mozaik speaks it


@dataclass(frozen=True)
class Application:
    """A member's interest as they send it: who, what they wrote to the poster (if anything),
    and their language for the decision they hear later (if Mozaik speaks it)."""

    user_id: int
    note: str | None = None
    locale: str | None = None


# A member answers, or reports, only a published gig: the row is written only while it is.
_WHILE_PUBLISHED = "WHERE EXISTS (SELECT 1 FROM gigs WHERE id = ? AND status = ?)"


def _published(gig_id: int) -> tuple[object, ...]:
    return (gig_id, GigStatus.APPROVED.value)


async def record_interest(
    store: Store, gig_id: int, application: Application, now: datetime, *, run: str = THIS_RUN
) -> bool:
    """True the first time a member answers a published gig, claimed by `run` for telling the
    poster; False when they already had (of two answers at once, on PostgreSQL the second is
    run again and finds the first)."""

    async def answer(db: Connection) -> bool:
        cursor = await db.execute(
            "INSERT INTO gig_interests (gig_id, user_id, at, telling_since, telling_by, note,"
            f" locale) SELECT ?, ?, ?, ?, ?, ?, ? {_WHILE_PUBLISHED}"
            " ON CONFLICT (gig_id, user_id) DO NOTHING",
            (
                gig_id,
                application.user_id,
                stamp(now),
                stamp(now),
                run,
                application.note,
                application.locale,
                *_published(gig_id),
            ),
        )
        return cursor.rowcount == 1

    return await store.atomic(answer)


async def claim_telling(
    store: Store,
    gig_id: int,
    user_id: int,
    now: datetime,
    *,
    again_if_unreached: bool = False,
    run: str = THIS_RUN,
) -> Claim | None:
    """Whether `run` may tell the poster of this interest: not told yet (or, if
    `again_if_unreached`, not reached last time) and nobody else telling them now."""
    untold = "poster_told_at IS NULL"
    if again_if_unreached:
        untold = f"({untold} OR poster_told_via = '{PosterTold.NOWHERE.value}')"

    async def claim(db: Connection) -> Claim | None:
        return await take_claim(
            db,
            "gig_interests",
            "telling_since",
            "telling_by",
            f"gig_id = ? AND user_id = ? AND {untold}",
            (gig_id, user_id),
            now,
            run,
        )

    return await store.atomic(claim)


async def record_telling(
    store: Store, gig_id: int, user_id: int, told: PosterTold | None, now: datetime
) -> None:
    """How the poster was told (None: not at all, for another try later); the claim ends."""
    await store.write(
        "UPDATE gig_interests SET poster_told_via = COALESCE(?, poster_told_via), "
        "poster_told_at = CASE WHEN CAST(? AS TEXT) IS NULL THEN poster_told_at ELSE ? END, "
        "telling_since = NULL, telling_by = NULL WHERE gig_id = ? AND user_id = ?",
        (told, told, stamp(now), gig_id, user_id),
    )


async def poster_was_told(store: Store, gig_id: int, user_id: int) -> bool:
    """Whether the poster heard of this member's interest."""
    row = await store.fetch_one(
        "SELECT 1 FROM gig_interests WHERE gig_id = ? AND user_id = ? "
        "AND poster_told_at IS NOT NULL AND poster_told_via IS DISTINCT FROM ?",
        (gig_id, user_id, PosterTold.NOWHERE.value),
    )
    return row is not None


@dataclass(frozen=True)
class Untold:
    """An interest whose poster was never told, as when Mozaik died meanwhile."""

    gig_id: int
    user_id: int
    at: datetime
    guild_id: int  # the gig's hub: whose process tells it, when sharded


UNTOLD_BATCH = 50


async def untold_interests(
    store: Store, after: Untold | None = None, limit: int = UNTOLD_BATCH
) -> list[Untold]:
    """The oldest interests whose poster was never told, after `after` (from the first without):
    one batch, read from where the last one ended, so a backlog is never read in one list."""
    start = ("", 0, 0) if after is None else (stamp(after.at), after.gig_id, after.user_id)
    # SQLite is held to the partial index of the untold; PostgreSQL takes no index hints.
    along = " INDEXED BY gig_interests_untold" if store.dialect == "sqlite" else ""
    rows = await store.fetch_all(
        "SELECT i.gig_id, i.user_id, i.at, g.guild_id"  # noqa: S608 - a fixed hint
        f" FROM gig_interests AS i{along} JOIN gigs AS g ON g.id = i.gig_id"
        " WHERE i.poster_told_at IS NULL AND (i.at, i.gig_id, i.user_id) > (?, ?, ?)"
        " ORDER BY i.at, i.gig_id, i.user_id LIMIT ?",
        (*start, limit),
    )
    return [Untold(row[0], row[1], instant(row[2]), row[3]) for row in rows]


_INTEREST = "SELECT user_id, at, status, note, locale FROM gig_interests WHERE gig_id = ?"


async def interests_in(store: Store, gig_id: int) -> list[Interest]:
    """Who answered the gig, first come first."""
    rows = await store.fetch_all(f"{_INTEREST} ORDER BY at, rowid", (gig_id,))
    return [from_row(Interest, row) for row in rows]


async def interest_of(store: Store, gig_id: int, user_id: int) -> Interest | None:
    """This member's answer to the gig and what the poster made of it; None: they never answered."""
    return await fetched(store, Interest, f"{_INTEREST} AND user_id = ?", (gig_id, user_id))


async def decide_applicant(
    store: Store, gig_id: int, user_id: int, status: ApplicantStatus, now: datetime
) -> bool:
    """Shortlist or decline a member who answered; False when the poster already decided (two
    clicks at once: exactly one wins; on PostgreSQL the other is run again and finds it decided)."""

    async def decide(db: Connection) -> bool:
        cursor = await db.execute(
            "UPDATE gig_interests SET status = ?, decided_at = ? "
            "WHERE gig_id = ? AND user_id = ? AND status = ?",
            (status.value, stamp(now), gig_id, user_id, APPLICANT_DECIDED_FROM.value),
        )
        return cursor.rowcount == 1

    return await store.atomic(decide)


async def record_report(
    store: Store, gig_id: int, user_id: int, reason: ReportReason, now: datetime
) -> bool:
    """True the first time a member reports a published gig; it joins the gig's audit trail."""

    async def report(db: Connection) -> bool:
        cursor = await db.execute(
            "INSERT INTO gig_reports (gig_id, user_id, reason, at) "
            f"SELECT ?, ?, ?, ? {_WHILE_PUBLISHED} ON CONFLICT (gig_id, user_id) DO NOTHING",
            (gig_id, user_id, reason.value, stamp(now), *_published(gig_id)),
        )
        if cursor.rowcount != 1:
            return False
        await record_event(
            db,
            gig_id,
            now,
            user_id,
            GigAction.REPORT,
            GigStatus.APPROVED,
            GigStatus.APPROVED,
            reason.value,
        )
        return True

    return await store.atomic(report)


async def reports_since_approval(store: Store, gig_id: int) -> int:
    """How many members reported the gig since a moderator (or a trusted posting) last approved
    it: a gig held and approved again needs as many new reports to be held again."""
    row = await store.fetch_one(
        "SELECT COUNT(*) FROM gig_reports WHERE gig_id = ? AND at >= COALESCE("
        "(SELECT MAX(at) FROM gig_events WHERE gig_id = ? AND action = ?), '')",
        (gig_id, gig_id, GigAction.APPROVE.value),
    )
    return 0 if row is None else int(row[0])
