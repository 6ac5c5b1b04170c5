"""Gigs in the store: records, their transitions and audit trail, the board and its search.

Transitions are conditional updates (`... WHERE status IN (allowed states)`) inside one
transaction with their audit event, so of two moderators deciding at once exactly one wins and
the other is told the gig was already decided.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from bot.errors import Refusal
from bot.gigs.curation import ALLOWED_FROM, RESULTING_STATUS, GigAction, state_refusal
from bot.gigs.model import (
    CloseReason,
    Compensation,
    Engagement,
    Gig,
    GigKind,
    GigStatus,
    GigTerms,
    Level,
    LocationType,
    PayPeriod,
)
from bot.gigs.money import from_cents, to_cents
from bot.gigs.rules import fingerprint
from bot.gigs.search import GigFilters, fts_query
from bot.store import Store

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
# This process's run of Mozaik. Work under way (publishing, queueing, telling) is claimed by a
# run; a claim made by another run died with that run, as one run at a time uses a database,
# and a claim its own run has held this long is taken to have stalled.
THIS_RUN = uuid.uuid4().hex
CLAIM_LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class GigEvent:
    gig_id: int
    at: datetime
    actor_id: int | None
    action: GigAction
    from_status: GigStatus | None
    to_status: GigStatus | None
    detail: str | None


@dataclass(frozen=True)
class Page:
    gigs: list[Gig]
    total: int


@dataclass(frozen=True)
class GigCounts:
    """What happened on a hub's board in a period, and where it stands now."""

    submitted: int
    published: int
    rejected: int
    closed: Mapping[CloseReason, int]
    filled_via_hub: int
    interests: int
    pending_now: int
    open_now: int


def stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat(timespec="seconds")


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


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
            f"{', '.join(_TERM_COLUMNS)}, fingerprint, created_at, updated_at, submitted_at, "
            "queueing_since, queueing_by) "
            f"VALUES (?, ?, ?, ?, {', '.join('?' for _ in _TERM_COLUMNS)}, ?, ?, ?, ?, ?, ?)",
            (
                guild_id,
                poster_id,
                poster_locale,
                GigStatus.PENDING.value,
                *_term_values(terms),
                fingerprint(terms.title, terms.description),
                stamp(now),
                stamp(now),
                stamp(now),
                None if queueing_by is None else stamp(now),
                queueing_by,
            ),
        )
        gig_id = cursor.lastrowid
        assert gig_id is not None
        await _write_skills(db, gig_id, terms.skills)
        await _record_event(db, gig_id, now, poster_id, GigAction.SUBMIT, None, GigStatus.PENDING)
    return await require_gig(store, gig_id)


async def get_gig(store: Store, gig_id: int) -> Gig | None:
    row = await store.fetch_one("SELECT * FROM gigs WHERE id = ?", (gig_id,))
    if row is None:
        return None
    return (await _gigs(store, [row]))[0]


async def require_gig(store: Store, gig_id: int, guild_id: int | None = None) -> Gig:
    """The gig, or a refusal saying there is no such gig (in this hub)."""
    gig = await get_gig(store, gig_id)
    if gig is None or (guild_id is not None and gig.guild_id != guild_id):
        raise Refusal("gig.not_found", number=gig_id)
    return gig


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
    A gig that moved on meanwhile raises the refusal for its present state.
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
        assignments.update(zip(_TERM_COLUMNS, _term_values(terms), strict=True))
        assignments["fingerprint"] = fingerprint(terms.title, terms.description)
    sql = (
        f"UPDATE gigs SET {', '.join(f'{name} = ?' for name in assignments)} "  # noqa: S608 - fixed column names
        f"WHERE id = ? AND status IN ({', '.join('?' for _ in allowed)})"
        + "".join(f" AND {name} IS ?" for name in expected)
    )
    params = [
        *(_sql_value(value) for value in assignments.values()),
        gig_id,
        *(status.value for status in allowed),
        *(_sql_value(value) for value in expected.values()),
    ]
    async with store.transaction() as db:
        row = await (await db.execute("SELECT status FROM gigs WHERE id = ?", (gig_id,))).fetchone()
        if row is None:
            raise Refusal("gig.not_found", number=gig_id)
        from_status = GigStatus(row["status"])
        cursor = await db.execute(sql, params)
        if cursor.rowcount == 1:
            if terms is not None:
                await db.execute("DELETE FROM gig_skills WHERE gig_id = ?", (gig_id,))
                await _write_skills(db, gig_id, terms.skills)
            await _record_event(db, gig_id, now, actor_id, action, from_status, to_status, detail)
    if cursor.rowcount != 1:
        if from_status in ALLOWED_FROM[action]:
            raise Refusal("gig.changed_meanwhile", number=gig_id)
        raise Refusal(state_refusal(from_status, action), number=gig_id)
    return await require_gig(store, gig_id)


async def record_filled_via_hub(store: Store, gig_id: int, poster_id: int, via_hub: bool) -> bool:
    """The poster's answer to "was it filled through the hub?"; False unless theirs and filled."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "UPDATE gigs SET filled_via_hub = ? "
            "WHERE id = ? AND poster_id = ? AND status = ? AND close_reason = ?",
            (int(via_hub), gig_id, poster_id, GigStatus.CLOSED.value, CloseReason.FILLED.value),
        )
        return cursor.rowcount == 1


async def gig_history(store: Store, gig_id: int) -> list[GigEvent]:
    rows = await store.fetch_all("SELECT * FROM gig_events WHERE gig_id = ? ORDER BY id", (gig_id,))
    return [
        GigEvent(
            gig_id=row["gig_id"],
            at=datetime.fromisoformat(row["at"]),
            actor_id=row["actor_id"],
            action=GigAction(row["action"]),
            from_status=None if row["from_status"] is None else GigStatus(row["from_status"]),
            to_status=None if row["to_status"] is None else GigStatus(row["to_status"]),
            detail=row["detail"],
        )
        for row in rows
    ]


# Work Mozaik owes Discord, claimed so two callers never do it twice.


@dataclass(frozen=True)
class Claim:
    """The caller may do the work. `interrupted_at`: when an earlier claim was made by a run
    that died or stalled, which may have done it in Discord before it could record so."""

    interrupted_at: datetime | None


async def take_claim(
    db: Any,
    table: str,
    since_column: str,
    by_column: str,
    where: str,
    params: Sequence[object],
    now: datetime,
    run: str,
) -> Claim | None:
    """Claim the row of `table` matching `where` for `run`, unless this run holds it already
    (within CLAIM_LIFETIME); None when there is no such row or it is taken. Names are fixed by
    the callers, never input. Call inside a transaction."""
    row = await (
        await db.execute(f"SELECT {since_column}, {by_column} FROM {table} WHERE {where}", params)  # noqa: S608 - fixed names
    ).fetchone()
    if row is None:
        return None
    since, by = row[0], row[1]
    if since is not None and by == run and since > stamp(now - CLAIM_LIFETIME):
        return None
    await db.execute(
        f"UPDATE {table} SET {since_column} = ?, {by_column} = ? WHERE {where}",  # noqa: S608 - fixed names
        (stamp(now), run, *params),
    )
    return Claim(instant(since))


async def claim_publication(
    store: Store, gig_id: int, now: datetime, run: str = THIS_RUN
) -> Claim | None:
    """Whether the run may create the approved gig's post: none yet and nobody else creating it."""
    async with store.transaction() as db:
        return await take_claim(
            db,
            "gigs",
            "publishing_since",
            "publishing_by",
            "id = ? AND status = ? AND message_id IS NULL",
            (gig_id, GigStatus.APPROVED.value),
            now,
            run,
        )


@dataclass(frozen=True)
class Publication:
    """Where a gig's post is; all None when it is gone and must be created again."""

    channel_id: int | None = None
    message_channel_id: int | None = None
    message_id: int | None = None
    thread_id: int | None = None


async def record_publication(store: Store, gig_id: int, post: Publication) -> None:
    async with store.transaction() as db:
        await db.execute(
            "UPDATE gigs SET channel_id = ?, message_channel_id = ?, message_id = ?, "
            "thread_id = ?, publishing_since = NULL, publishing_by = NULL, "
            "refusal_reported_at = NULL WHERE id = ?",
            (post.channel_id, post.message_channel_id, post.message_id, post.thread_id, gig_id),
        )


async def forget_publication(store: Store, gig_id: int) -> None:
    """The gig's post is gone from Discord: the next one is a new post, with a new nonce."""
    async with store.transaction() as db:
        await db.execute(
            "UPDATE gigs SET channel_id = NULL, message_channel_id = NULL, message_id = NULL, "
            "thread_id = NULL, posts_lost = posts_lost + 1 WHERE id = ?",
            (gig_id,),
        )


async def claim_refusal_report(store: Store, gig_id: int, now: datetime) -> bool:
    """Whether the moderators still need telling that the gigs channel refused the gig: once
    until it is published."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "UPDATE gigs SET refusal_reported_at = ? WHERE id = ? AND refusal_reported_at IS NULL",
            (stamp(now), gig_id),
        )
        return cursor.rowcount == 1


async def claim_reminder(store: Store, gig_id: int, now: datetime) -> bool:
    """Whether the caller should remind the poster now: once per expiry period, even if the
    daily job runs twice."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "UPDATE gigs SET reminded_at = ? WHERE id = ? AND status = ? AND reminded_at IS NULL",
            (stamp(now), gig_id, GigStatus.APPROVED.value),
        )
        return cursor.rowcount == 1


async def unpublished_gigs(store: Store) -> list[Gig]:
    """Approved gigs whose post does not exist yet: a publication that failed, to retry."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE status = ? AND message_id IS NULL ORDER BY id",
        (GigStatus.APPROVED.value,),
    )
    return await _gigs(store, rows)


async def release_publication(store: Store, gig_id: int) -> None:
    async with store.transaction() as db:
        await db.execute(
            "UPDATE gigs SET publishing_since = NULL, publishing_by = NULL WHERE id = ?", (gig_id,)
        )


async def record_thread(store: Store, gig_id: int, thread_id: int) -> None:
    async with store.transaction() as db:
        await db.execute("UPDATE gigs SET thread_id = ? WHERE id = ?", (thread_id, gig_id))


async def record_queue_message(
    store: Store, gig_id: int, channel_id: int | None, message_id: int | None
) -> None:
    async with store.transaction() as db:
        await db.execute(
            "UPDATE gigs SET queue_channel_id = ?, queue_message_id = ?, queueing_since = NULL, "
            "queueing_by = NULL WHERE id = ?",
            (channel_id, message_id, gig_id),
        )


async def claim_queueing(
    store: Store, gig_id: int, now: datetime, run: str = THIS_RUN
) -> Claim | None:
    """Whether the run may put the pending gig in the queue: not there yet, nobody else on it."""
    async with store.transaction() as db:
        return await take_claim(
            db,
            "gigs",
            "queueing_since",
            "queueing_by",
            "id = ? AND status = ? AND queue_message_id IS NULL",
            (gig_id, GigStatus.PENDING.value),
            now,
            run,
        )


async def release_queueing(store: Store, gig_id: int) -> None:
    async with store.transaction() as db:
        await db.execute(
            "UPDATE gigs SET queueing_since = NULL, queueing_by = NULL WHERE id = ?", (gig_id,)
        )


async def unqueued_gigs(store: Store) -> list[Gig]:
    """Pending gigs without a queue message: stored as Mozaik died, or the queue refused them."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE status = ? AND queue_message_id IS NULL ORDER BY id",
        (GigStatus.PENDING.value,),
    )
    return await _gigs(store, rows)


# Reading many gigs.


async def board(
    store: Store, guild_id: int, filters: GigFilters, now: datetime, *, limit: int, offset: int
) -> Page:
    """Published gigs matching the filters: featured on top, then newest first."""
    conditions = ["g.guild_id = ?", "g.status = ?"]
    params: list[Any] = [guild_id, GigStatus.APPROVED.value]
    if filters.skill is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM gig_skills s WHERE s.gig_id = g.id AND s.skill = ?)"
        )
        params.append(filters.skill)
    if filters.engagement is not None:
        conditions.append("g.engagement = ?")
        params.append(filters.engagement.value)
    if filters.location is not None:
        conditions.append("g.location = ?")
        params.append(filters.location.value)
    if filters.min_pay is not None:
        conditions.append("g.pay_currency = ? AND COALESCE(g.pay_max_cents, g.pay_min_cents) >= ?")
        params += [filters.currency, to_cents(filters.min_pay)]
    where = " AND ".join(conditions)
    total = await store.fetch_one(f"SELECT COUNT(*) FROM gigs g WHERE {where}", params)  # noqa: S608 - fixed conditions
    # Featured gigs (a handful) first, then the rest read newest first along gigs_board, which
    # stops after one page; one ORDER BY for both would sort every published gig of the hub.
    newest = "ORDER BY g.published_at DESC, g.id DESC"
    featured = await store.fetch_all(
        f"SELECT g.* FROM gigs g WHERE {where} AND g.featured_until > ? {newest}",  # noqa: S608 - fixed conditions
        [*params, stamp(now)],
    )
    rows = featured[offset : offset + limit]
    if len(rows) < limit:
        rows += await store.fetch_all(
            f"SELECT g.* FROM gigs g INDEXED BY gigs_board WHERE {where} "  # noqa: S608 - fixed conditions
            f"AND (g.featured_until IS NULL OR g.featured_until <= ?) {newest} LIMIT ? OFFSET ?",
            [*params, stamp(now), limit - len(rows), max(offset - len(featured), 0)],
        )
    assert total is not None
    return Page(await _gigs(store, rows), int(total[0]))


async def search(store: Store, guild_id: int, text: str, *, limit: int, offset: int) -> Page:
    """Published gigs whose title or description holds any of the words, best matches first."""
    query = fts_query(text)
    # CROSS JOIN makes the keyword index (published gigs only) the outer loop: left to itself,
    # SQLite walks the hub's published gigs and runs the whole text query once for each.
    where = "gigs_fts MATCH ? AND g.guild_id = ? AND g.status = ?"
    params = [query, guild_id, GigStatus.APPROVED.value]
    try:
        total = await store.fetch_one(
            "SELECT COUNT(*) FROM gigs_fts CROSS JOIN gigs g ON g.id = gigs_fts.rowid "  # noqa: S608 - fixed conditions
            f"WHERE {where}",
            params,
        )
        rows = await store.fetch_all(
            "SELECT g.* FROM gigs_fts CROSS JOIN gigs g ON g.id = gigs_fts.rowid "  # noqa: S608 - fixed conditions
            f"WHERE {where} ORDER BY bm25(gigs_fts, 4.0, 1.0), g.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    except sqlite3.OperationalError as error:  # a query FTS5 cannot read, despite the quoting
        raise Refusal("gig.search_empty") from error
    assert total is not None
    return Page(await _gigs(store, rows), int(total[0]))


async def pending_gigs(store: Store, guild_id: int) -> list[Gig]:
    """The moderation queue, oldest first."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE guild_id = ? AND status = ? ORDER BY submitted_at, id",
        (guild_id, GigStatus.PENDING.value),
    )
    return await _gigs(store, rows)


async def gigs_of(store: Store, guild_id: int, poster_id: int) -> list[Gig]:
    """A member's gigs in every state, newest first."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE guild_id = ? AND poster_id = ? ORDER BY created_at DESC, id DESC",
        (guild_id, poster_id),
    )
    return await _gigs(store, rows)


async def expired_gigs(store: Store, now: datetime) -> list[Gig]:
    """Published gigs, in every hub, whose time is up."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE status = ? AND expires_at <= ? ORDER BY expires_at, id",
        (GigStatus.APPROVED.value, stamp(now)),
    )
    return await _gigs(store, rows)


async def gigs_expiring_between(
    store: Store, start: datetime, end: datetime, guild_id: int | None = None
) -> list[Gig]:
    """Published gigs expiring after `start` and no later than `end`, soonest first."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE status = ? AND expires_at > ? AND expires_at <= ? "
        "AND (? IS NULL OR guild_id = ?) ORDER BY expires_at, id",
        (GigStatus.APPROVED.value, stamp(start), stamp(end), guild_id, guild_id),
    )
    return await _gigs(store, rows)


async def new_gigs(
    store: Store, guild_id: int, since: datetime, until: datetime, *, limit: int = 25
) -> list[Gig]:
    """Gigs published after `since` and up to `until` that are still published, newest first
    (for the digest)."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE guild_id = ? AND status = ? AND published_at > ? "
        "AND published_at <= ? ORDER BY published_at DESC, id DESC LIMIT ?",
        (guild_id, GigStatus.APPROVED.value, stamp(since), stamp(until), limit),
    )
    return await _gigs(store, rows)


async def featured_gigs(store: Store, guild_id: int, now: datetime) -> list[Gig]:
    """Published gigs featured right now, newest first."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE guild_id = ? AND status = ? AND featured_until > ? "
        "ORDER BY published_at DESC, id DESC",
        (guild_id, GigStatus.APPROVED.value, stamp(now)),
    )
    return await _gigs(store, rows)


async def gig_counts(store: Store, guild_id: int, since: datetime, until: datetime) -> GigCounts:
    """Counts of what happened after `since` and up to `until`, and of where gigs stand now."""
    window = (stamp(since), stamp(until))

    async def count(sql: str, params: Sequence[Any]) -> int:
        row = await store.fetch_one(sql, params)
        assert row is not None
        return int(row[0])

    events = (
        "SELECT COUNT(DISTINCT e.gig_id) FROM gig_events e JOIN gigs g ON g.id = e.gig_id "
        "WHERE g.guild_id = ? AND e.action = ? AND e.at > ? AND e.at <= ?"
    )
    closed_rows = await store.fetch_all(
        "SELECT close_reason, COUNT(*) AS n, SUM(filled_via_hub = 1) AS via_hub FROM gigs "
        "WHERE guild_id = ? AND status = ? AND closed_at > ? AND closed_at <= ? "
        "GROUP BY close_reason",
        (guild_id, GigStatus.CLOSED.value, *window),
    )
    current = await store.fetch_all(
        "SELECT status, COUNT(*) AS n FROM gigs WHERE guild_id = ? GROUP BY status", (guild_id,)
    )
    by_status = {GigStatus(row["status"]): int(row["n"]) for row in current}
    return GigCounts(
        submitted=await count(events, (guild_id, GigAction.SUBMIT.value, *window)),
        published=await count(
            "SELECT COUNT(*) FROM gigs "
            "WHERE guild_id = ? AND published_at > ? AND published_at <= ?",
            (guild_id, *window),
        ),
        rejected=await count(events, (guild_id, GigAction.REJECT.value, *window)),
        closed={CloseReason(row["close_reason"]): int(row["n"]) for row in closed_rows},
        filled_via_hub=sum(int(row["via_hub"] or 0) for row in closed_rows),
        interests=await count(
            "SELECT COUNT(*) FROM gig_interests i JOIN gigs g ON g.id = i.gig_id "
            "WHERE g.guild_id = ? AND i.at > ? AND i.at <= ?",
            (guild_id, *window),
        ),
        pending_now=by_status.get(GigStatus.PENDING, 0),
        open_now=by_status.get(GigStatus.APPROVED, 0),
    )


# Rows to gigs.

_TERM_COLUMNS = (
    "kind",
    "title",
    "description",
    "engagement",
    "pay_currency",
    "pay_min_cents",
    "pay_max_cents",
    "pay_period",
    "location",
    "city",
    "level",
    "apply_by",
    "apply_url",
    "delivery_days",
)


def _term_values(terms: GigTerms) -> tuple[object, ...]:
    pay = terms.compensation
    return (
        terms.kind.value,
        terms.title,
        terms.description,
        terms.engagement.value,
        pay.currency,
        to_cents(pay.minimum),
        None if pay.maximum is None else to_cents(pay.maximum),
        pay.period.value,
        terms.location.value,
        terms.city,
        terms.level.value,
        None if terms.apply_by is None else terms.apply_by.isoformat(),
        terms.apply_url,
        terms.delivery_days,
    )


def _sql_value(value: object) -> object:
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return to_cents(value)
    if isinstance(value, Enum):
        return value.value
    return value


async def _write_skills(db: Any, gig_id: int, skills: Iterable[str]) -> None:
    await db.executemany(
        "INSERT INTO gig_skills (gig_id, skill, position) VALUES (?, ?, ?)",
        [(gig_id, skill, position) for position, skill in enumerate(dict.fromkeys(skills))],
    )


async def _record_event(
    db: Any,
    gig_id: int,
    now: datetime,
    actor_id: int | None,
    action: GigAction,
    from_status: GigStatus | None,
    to_status: GigStatus | None,
    detail: str | None = None,
) -> None:
    await db.execute(
        "INSERT INTO gig_events (gig_id, at, actor_id, action, from_status, to_status, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            gig_id,
            stamp(now),
            actor_id,
            action.value,
            None if from_status is None else from_status.value,
            None if to_status is None else to_status.value,
            detail,
        ),
    )


async def _gigs(store: Store, rows: Sequence[sqlite3.Row]) -> list[Gig]:
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    skill_rows = await store.fetch_all(
        f"SELECT gig_id, skill FROM gig_skills WHERE gig_id IN ({', '.join('?' for _ in ids)}) "  # noqa: S608 - placeholders only
        "ORDER BY gig_id, position",
        ids,
    )
    skills: dict[int, list[str]] = {}
    for skill_row in skill_rows:
        skills.setdefault(skill_row["gig_id"], []).append(skill_row["skill"])
    return [_gig(row, tuple(skills.get(row["id"], ()))) for row in rows]


def _gig(row: sqlite3.Row, skills: tuple[str, ...]) -> Gig:
    terms = GigTerms(
        kind=GigKind(row["kind"]),
        title=row["title"],
        description=row["description"],
        skills=skills,
        engagement=Engagement(row["engagement"]),
        compensation=Compensation(
            currency=row["pay_currency"],
            minimum=from_cents(row["pay_min_cents"]),
            maximum=None if row["pay_max_cents"] is None else from_cents(row["pay_max_cents"]),
            period=PayPeriod(row["pay_period"]),
        ),
        location=LocationType(row["location"]),
        city=row["city"],
        level=Level(row["level"]),
        apply_by=None if row["apply_by"] is None else date.fromisoformat(row["apply_by"]),
        apply_url=row["apply_url"],
        delivery_days=row["delivery_days"],
    )
    return Gig(
        id=row["id"],
        guild_id=row["guild_id"],
        poster_id=row["poster_id"],
        terms=terms,
        status=GigStatus(row["status"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        submitted_at=datetime.fromisoformat(row["submitted_at"]),
        published_at=instant(row["published_at"]),
        expires_at=instant(row["expires_at"]),
        closed_at=instant(row["closed_at"]),
        close_reason=None if row["close_reason"] is None else CloseReason(row["close_reason"]),
        filled_via_hub=None if row["filled_via_hub"] is None else bool(row["filled_via_hub"]),
        decided_by=row["decided_by"],
        decision_reason=row["decision_reason"],
        featured_until=instant(row["featured_until"]),
        renewals=row["renewals"],
        revision=row["revision"],
        approved_revision=row["approved_revision"],
        reminded_at=instant(row["reminded_at"]),
        poster_locale=row["poster_locale"],
        channel_id=row["channel_id"],
        message_channel_id=row["message_channel_id"],
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        posts_lost=row["posts_lost"],
        queue_channel_id=row["queue_channel_id"],
        queue_message_id=row["queue_message_id"],
    )
