"""Collaboration requests in the store: created, published, reviewed, closed, expired and listed.

A change that depends on the current state (reviewing, closing, expiring) is an update conditional
on the states the rules let it come from (bot/collab/rules.py), checked by row count: of two
moderators deciding at once, one decides; the other gets None, and the cog tells them why.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.collab.model import (
    CollabDraft,
    CollabRequest,
    Kind,
    Status,
)
from bot.collab.rules import CLOSABLE, REVIEWABLE
from bot.collab.store.delivery import PUBLISHING, QUEUEING
from bot.collab.store.rows import changed, request_in, requests_where
from bot.i18n import Locale
from bot.instance import THIS_RUN
from bot.store import Connection, Store, inserted_id
from bot.store.claims import finish_work
from bot.store.served import among_guilds
from bot.store.stamps import instant, stamp

# --- requests ---------------------------------------------------------------------------------


async def create_request(
    store: Store,
    guild_id: int,
    requester_id: int,
    draft: CollabDraft,
    *,
    locale: Locale,
    status: Status,
    now: datetime,
    expires_at: datetime,
    run: str = THIS_RUN,
) -> CollabRequest:
    """Store a new request, open at once or pending in the moderation queue; claimed by `run`
    for posting it there (bot/collab/store/delivery.py), so no catch-up posts it meanwhile."""
    claim = "publishing" if status is Status.OPEN else "queueing"

    async def creating(db: Connection) -> CollabRequest | None:
        cursor = await db.execute(
            "INSERT INTO collab_requests (guild_id, requester_id, requester_locale, title,"  # noqa: S608 - fixed names
            " description, kind, commitment, compensation, partners_wanted, status, created_at,"
            f" expires_at, posted_at, {claim}_since, {claim}_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                guild_id,
                requester_id,
                locale,
                draft.title,
                draft.description,
                draft.kind.value,
                draft.commitment,
                draft.compensation.value,
                draft.partners_wanted,
                status.value,
                stamp(now),
                stamp(expires_at),
                stamp(now) if status is Status.OPEN else None,
                stamp(now),
                run,
            ),
        )
        request_id = await inserted_id(cursor)
        await db.executemany(
            "INSERT INTO collab_skills (request_id, skill) VALUES (?, ?)",
            [(request_id, skill) for skill in draft.skills],
        )
        return await request_in(db, request_id)

    created = await store.atomic(creating)
    assert created is not None  # just written, in the same transaction
    return created


async def discard_request(store: Store, request_id: int) -> None:
    """Forget a request that could not be published or queued: nobody has seen it."""
    await store.write("DELETE FROM collab_requests WHERE id = ?", (request_id,))


async def get_request(store: Store, request_id: int) -> CollabRequest | None:
    requests = await requests_where(store, "id = ?", (request_id,))
    return requests[0] if requests else None


async def record_post(
    store: Store, request_id: int, channel_id: int, message_id: int, thread_id: int | None
) -> None:
    """Remember where the request is published, so that later changes edit that post; the
    claim to publish it ends."""
    made = {"channel_id": channel_id, "message_id": message_id, "thread_id": thread_id}
    await finish_work(store, PUBLISHING, (request_id,), made)


async def record_thread(store: Store, request_id: int, thread_id: int) -> None:
    """Remember the thread opened later on the request's message."""
    await store.write(
        "UPDATE collab_requests SET thread_id = ? WHERE id = ?", (thread_id, request_id)
    )


async def record_queue_message(
    store: Store, request_id: int, channel_id: int, message_id: int
) -> None:
    made = {"queue_channel_id": channel_id, "queue_message_id": message_id}
    await finish_work(store, QUEUEING, (request_id,), made)


async def approve_request(
    store: Store,
    request: CollabRequest,
    *,
    now: datetime,
    expires_at: datetime,
    run: str = THIS_RUN,
) -> CollabRequest | None:
    """A moderator lets a queued request through: open from now, expiring from now, claimed
    by `run` for posting it. None when it was no longer waiting for review."""
    return await _moved(
        store,
        request,
        REVIEWABLE,
        "status = 'open', posted_at = ?, expires_at = ?, publishing_since = ?, publishing_by = ?",
        (stamp(now), stamp(expires_at), stamp(now), run),
    )


async def reject_request(
    store: Store, request: CollabRequest, *, now: datetime
) -> CollabRequest | None:
    return await _moved(
        store, request, REVIEWABLE, "status = 'rejected', closed_at = ?", (stamp(now),)
    )


async def close_request(
    store: Store, request: CollabRequest, *, now: datetime
) -> CollabRequest | None:
    return await _moved(store, request, CLOSABLE, "status = 'closed', closed_at = ?", (stamp(now),))


async def _moved(
    store: Store,
    request: CollabRequest,
    allowed: frozenset[Status],
    assignments: str,
    params: tuple[object, ...],
) -> CollabRequest | None:
    """The request after the change, or None when it was no longer in a state in `allowed`."""

    async def moving(db: Connection) -> CollabRequest | None:
        if not await changed(db, request, allowed, assignments, params):
            return None
        return await request_in(db, request.id)

    return await store.atomic(moving)


async def expire_due_requests(
    store: Store, now: datetime, guild_ids: Collection[int] | None = None
) -> list[CollabRequest]:
    """Mark every request still waiting past its expiry as expired, in every hub or in those of
    `guild_ids`; those."""
    waiting = sorted(status.value for status in CLOSABLE)
    served, served_ids = among_guilds(guild_ids)

    async def expiring(db: Connection) -> list[CollabRequest]:
        due = await requests_where(
            db,
            f"status IN ({', '.join('?' for _ in waiting)}) AND expires_at <= ? AND {served}",
            (*waiting, stamp(now), *served_ids),
        )
        expired = []
        for request in due:
            if await changed(
                db, request, CLOSABLE, "status = 'expired', closed_at = ?", (stamp(now),)
            ):
                after = await request_in(db, request.id)
                assert after is not None  # just written, in the same transaction
                expired.append(after)
        return expired

    return await store.atomic(expiring)


async def open_requests(
    store: Store,
    guild_id: int,
    now: datetime,
    *,
    skill: str | None = None,
    kind: Kind | None = None,
    limit: int | None = None,
) -> list[CollabRequest]:
    """Published requests still looking for partners, newest first."""
    where = "guild_id = ? AND status = 'open' AND expires_at > ?"
    params: list[object] = [guild_id, stamp(now)]
    if skill is not None:
        where += " AND id IN (SELECT request_id FROM collab_skills WHERE skill = ?)"
        params.append(skill)
    if kind is not None:
        where += " AND kind = ?"
        params.append(kind.value)
    return await requests_where(store, where, params, order="posted_at DESC, id DESC", limit=limit)


async def requests_by(
    store: Store, guild_id: int, requester_id: int, *, limit: int | None = None
) -> list[CollabRequest]:
    """A member's own requests in a hub, newest first, whatever became of them."""
    return await requests_where(
        store,
        "guild_id = ? AND requester_id = ?",
        (guild_id, requester_id),
        order="id DESC",
        limit=limit,
    )


async def last_request_at(store: Store, guild_id: int, requester_id: int) -> datetime | None:
    """When the member last made a request in the hub (one refused by Discord is not kept)."""
    row = await store.fetch_one(
        "SELECT MAX(created_at) FROM collab_requests WHERE guild_id = ? AND requester_id = ?",
        (guild_id, requester_id),
    )
    return None if row is None else instant(row[0])
