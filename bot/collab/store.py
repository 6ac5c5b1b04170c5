"""Collaboration requests, the members' answers to them and the invitations their authors sent.

Every change that depends on the current state (answering, accepting, closing, reviewing) reads
and writes in one transaction, so two clicks at the same moment cannot both take the last place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.collab.model import (
    AnswerStatus,
    CollabAnswer,
    CollabDraft,
    CollabRequest,
    Compensation,
    Kind,
    Status,
)
from bot.collab.rules import (
    check_can_answer,
    check_can_close,
    check_can_decide,
    check_can_invite,
    check_can_review,
    status_after_accept,
)
from bot.errors import Refusal
from bot.i18n import FALLBACK, Locale, as_locale
from bot.store import Store
from bot.store.stamps import instant, stamp

Reader = Store | aiosqlite.Connection


@dataclass(frozen=True)
class Decision:
    """The requester's answer to an "I'm in", with the request as it stands afterwards."""

    request: CollabRequest
    answer: CollabAnswer

    @property
    def just_matched(self) -> bool:
        return self.answer.status is AnswerStatus.ACCEPTED and self.request.status is Status.MATCHED


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
) -> CollabRequest:
    """Store a new request, open at once or pending in the moderation queue."""
    async with store.transaction() as db:
        cursor = await db.execute(
            "INSERT INTO collab_requests (guild_id, requester_id, requester_locale, title,"
            " description, kind, commitment, compensation, partners_wanted, status, created_at,"
            " expires_at, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ),
        )
        request_id = cursor.lastrowid
        assert request_id is not None
        await db.executemany(
            "INSERT INTO collab_skills (request_id, skill) VALUES (?, ?)",
            [(request_id, skill) for skill in draft.skills],
        )
        return await _request_in(db, request_id)


async def discard_request(store: Store, request_id: int) -> None:
    """Forget a request that could not be published or queued: nobody has seen it."""
    async with store.transaction() as db:
        await db.execute("DELETE FROM collab_requests WHERE id = ?", (request_id,))


async def get_request(store: Store, request_id: int) -> CollabRequest | None:
    requests = await _requests_where(store, "id = ?", (request_id,))
    return requests[0] if requests else None


async def record_post(
    store: Store, request_id: int, channel_id: int, message_id: int, thread_id: int | None
) -> None:
    """Remember where the request is published, so that later changes edit that post."""
    async with store.transaction() as db:
        await db.execute(
            "UPDATE collab_requests SET channel_id = ?, message_id = ?, thread_id = ? WHERE id = ?",
            (channel_id, message_id, thread_id, request_id),
        )


async def record_thread(store: Store, request_id: int, thread_id: int) -> None:
    """Remember the thread opened later on the request's message."""
    async with store.transaction() as db:
        await db.execute(
            "UPDATE collab_requests SET thread_id = ? WHERE id = ?", (thread_id, request_id)
        )


async def record_queue_message(
    store: Store, request_id: int, channel_id: int, message_id: int
) -> None:
    async with store.transaction() as db:
        await db.execute(
            "UPDATE collab_requests SET queue_channel_id = ?, queue_message_id = ? WHERE id = ?",
            (channel_id, message_id, request_id),
        )


async def approve_request(
    store: Store, request_id: int, *, now: datetime, expires_at: datetime
) -> CollabRequest:
    """A moderator lets a queued request through: open from now, expiring from now."""
    async with store.transaction() as db:
        check_can_review(await _request_in(db, request_id))
        await db.execute(
            "UPDATE collab_requests SET status = 'open', posted_at = ?, expires_at = ?"
            " WHERE id = ?",
            (stamp(now), stamp(expires_at), request_id),
        )
        return await _request_in(db, request_id)


async def reject_request(store: Store, request_id: int, *, now: datetime) -> CollabRequest:
    async with store.transaction() as db:
        check_can_review(await _request_in(db, request_id))
        await db.execute(
            "UPDATE collab_requests SET status = 'rejected', closed_at = ? WHERE id = ?",
            (stamp(now), request_id),
        )
        return await _request_in(db, request_id)


async def close_request(
    store: Store, request_id: int, user_id: int, *, is_moderator: bool, now: datetime
) -> CollabRequest:
    async with store.transaction() as db:
        check_can_close(await _request_in(db, request_id), user_id, is_moderator)
        await db.execute(
            "UPDATE collab_requests SET status = 'closed', closed_at = ? WHERE id = ?",
            (stamp(now), request_id),
        )
        return await _request_in(db, request_id)


async def expire_due_requests(store: Store, now: datetime) -> list[CollabRequest]:
    """Mark every request, in every hub, still waiting past its expiry as expired; those."""
    async with store.transaction() as db:
        async with db.execute(
            "SELECT id FROM collab_requests WHERE status IN ('pending', 'open')"
            " AND expires_at <= ? ORDER BY id",
            (stamp(now),),
        ) as cursor:
            due = [int(row["id"]) for row in await cursor.fetchall()]
        await db.executemany(
            "UPDATE collab_requests SET status = 'expired', closed_at = ? WHERE id = ?",
            [(stamp(now), request_id) for request_id in due],
        )
        return [await _request_in(db, request_id) for request_id in due]


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
    return await _requests_where(store, where, params, order="posted_at DESC, id DESC", limit=limit)


async def requests_by(
    store: Store, guild_id: int, requester_id: int, *, limit: int | None = None
) -> list[CollabRequest]:
    """A member's own requests in a hub, newest first, whatever became of them."""
    return await _requests_where(
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


# --- answers ----------------------------------------------------------------------------------


async def add_answer(
    store: Store, request_id: int, user_id: int, *, locale: Locale, now: datetime
) -> CollabAnswer:
    """Record a member's "I'm in": refused for their own request, a second time, or too late."""
    async with store.transaction() as db:
        request = await _request_in(db, request_id)
        check_can_answer(request, user_id, await _answer_in(db, request_id, user_id), now)
        await db.execute(
            "INSERT INTO collab_answers (request_id, user_id, locale, status, created_at)"
            " VALUES (?, ?, ?, 'pending', ?)",
            (request_id, user_id, locale, stamp(now)),
        )
        answer = await _answer_in(db, request_id, user_id)
        assert answer is not None
        return answer


async def decide_answer(
    store: Store,
    request_id: int,
    responder_id: int,
    decider_id: int,
    *,
    accept: bool,
    now: datetime,
) -> Decision:
    """The requester accepts or declines an answer; accepting the last wanted partner matches."""
    async with store.transaction() as db:
        request = await _request_in(db, request_id)
        answer = check_can_decide(
            request,
            await _answer_in(db, request_id, responder_id),
            decider_id,
            accept=accept,
            now=now,
        )
        status = AnswerStatus.ACCEPTED if accept else AnswerStatus.DECLINED
        await db.execute(
            "UPDATE collab_answers SET status = ?, decided_at = ?"
            " WHERE request_id = ? AND user_id = ?",
            (status.value, stamp(now), request_id, answer.user_id),
        )
        if accept:
            after = status_after_accept(request)
            await db.execute(
                "UPDATE collab_requests SET partners_found = partners_found + 1, status = ?,"
                " matched_at = ? WHERE id = ?",
                (after.value, stamp(now) if after is Status.MATCHED else None, request_id),
            )
        decided = await _answer_in(db, request_id, responder_id)
        assert decided is not None
        return Decision(await _request_in(db, request_id), decided)


async def withdraw_answer(store: Store, request_id: int, user_id: int) -> None:
    """Forget an answer still waiting for the requester, e.g. when they could not be told of it."""
    async with store.transaction() as db:
        await db.execute(
            "DELETE FROM collab_answers"
            " WHERE request_id = ? AND user_id = ? AND status = 'pending'",
            (request_id, user_id),
        )


async def record_answer_thread(store: Store, request_id: int, user_id: int, thread_id: int) -> None:
    async with store.transaction() as db:
        await db.execute(
            "UPDATE collab_answers SET thread_id = ? WHERE request_id = ? AND user_id = ?",
            (thread_id, request_id, user_id),
        )


async def get_answer(store: Store, request_id: int, user_id: int) -> CollabAnswer | None:
    return await _answer_in(store, request_id, user_id)


async def answers_to(store: Store, request_id: int) -> list[CollabAnswer]:
    rows = await store.fetch_all(
        "SELECT * FROM collab_answers WHERE request_id = ? ORDER BY created_at, user_id",
        (request_id,),
    )
    return [_answer(row) for row in rows]


# --- invitations ------------------------------------------------------------------------------


async def add_invite(
    store: Store, request_id: int, inviter_id: int, user_id: int, now: datetime
) -> CollabRequest:
    """Record that the requester invited a member; each member once per request."""
    async with store.transaction() as db:
        request = await _request_in(db, request_id)
        async with db.execute(
            "SELECT 1 FROM collab_invites WHERE request_id = ? AND user_id = ?",
            (request_id, user_id),
        ) as cursor:
            already_invited = await cursor.fetchone() is not None
        check_can_invite(request, inviter_id, user_id, already_invited, now)
        await db.execute(
            "INSERT INTO collab_invites (request_id, user_id, invited_at) VALUES (?, ?, ?)",
            (request_id, user_id, stamp(now)),
        )
        return request


async def invited_members(store: Store, request_id: int) -> set[int]:
    rows = await store.fetch_all(
        "SELECT user_id FROM collab_invites WHERE request_id = ?", (request_id,)
    )
    return {int(row["user_id"]) for row in rows}


# --- reading rows -----------------------------------------------------------------------------


async def _fetch_all(reader: Reader, sql: str, params: Sequence[object]) -> list[sqlite3.Row]:
    if isinstance(reader, Store):
        return await reader.fetch_all(sql, params)
    async with reader.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


async def _request_in(db: aiosqlite.Connection, request_id: int) -> CollabRequest:
    requests = await _requests_where(db, "id = ?", (request_id,))
    if not requests:
        raise Refusal("collab.not_found", number=request_id)
    return requests[0]


async def _requests_where(
    reader: Reader,
    where: str,
    params: Sequence[object],
    *,
    order: str = "id",
    limit: int | None = None,
) -> list[CollabRequest]:
    # `where` and `order` are fixed texts from this module; values always go through `params`.
    sql = f"SELECT * FROM collab_requests WHERE {where} ORDER BY {order}"  # noqa: S608
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, limit]
    rows = await _fetch_all(reader, sql, params)
    skills = await _skills_of(reader, [int(row["id"]) for row in rows])
    return [_request(row, skills.get(int(row["id"]), ())) for row in rows]


async def _skills_of(reader: Reader, request_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    if not request_ids:
        return {}
    marks = ", ".join("?" for _ in request_ids)
    rows = await _fetch_all(
        reader,
        f"SELECT request_id, skill FROM collab_skills WHERE request_id IN ({marks})"  # noqa: S608
        " ORDER BY request_id, rowid",
        request_ids,
    )
    skills: dict[int, list[str]] = {}
    for row in rows:
        skills.setdefault(int(row["request_id"]), []).append(str(row["skill"]))
    return {request_id: tuple(names) for request_id, names in skills.items()}


async def _answer_in(reader: Reader, request_id: int, user_id: int) -> CollabAnswer | None:
    rows = await _fetch_all(
        reader,
        "SELECT * FROM collab_answers WHERE request_id = ? AND user_id = ?",
        (request_id, user_id),
    )
    return _answer(rows[0]) if rows else None


def _request(row: sqlite3.Row, skills: Iterable[str]) -> CollabRequest:
    return CollabRequest(
        id=row["id"],
        guild_id=row["guild_id"],
        requester_id=row["requester_id"],
        requester_locale=as_locale(row["requester_locale"]) or FALLBACK,
        title=row["title"],
        description=row["description"],
        skills=tuple(skills),
        kind=Kind(row["kind"]),
        commitment=row["commitment"],
        compensation=Compensation(row["compensation"]),
        partners_wanted=row["partners_wanted"],
        partners_found=row["partners_found"],
        status=Status(row["status"]),
        created_at=instant(row["created_at"]),
        expires_at=instant(row["expires_at"]),
        posted_at=instant(row["posted_at"]),
        matched_at=instant(row["matched_at"]),
        closed_at=instant(row["closed_at"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        queue_channel_id=row["queue_channel_id"],
        queue_message_id=row["queue_message_id"],
    )


def _answer(row: sqlite3.Row) -> CollabAnswer:
    return CollabAnswer(
        request_id=row["request_id"],
        user_id=row["user_id"],
        locale=as_locale(row["locale"]) or FALLBACK,
        status=AnswerStatus(row["status"]),
        created_at=instant(row["created_at"]),
        decided_at=instant(row["decided_at"]),
        thread_id=row["thread_id"],
    )
