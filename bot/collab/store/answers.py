"""The members' answers to a request and the invitations its author sent.

A change that depends on the current state (answering, accepting, inviting) is checked by the
rules on the state as read, then written conditionally on it and checked by row count, in one
transaction: two clicks at the same moment cannot both take the last place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.collab.model import (
    AnswerStatus,
    CollabAnswer,
    CollabRequest,
    Status,
)
from bot.collab.rules import (
    ANSWERABLE,
    check_can_answer,
    check_can_decide,
    check_can_invite,
    status_after_accept,
)
from bot.collab.store.rows import answer_from_row, answer_in, changed, request_in
from bot.i18n import Locale
from bot.outbox.model import Kind
from bot.outbox.store import Address, add_letters
from bot.store import Store
from bot.store.stamps import stamp


@dataclass(frozen=True)
class Decision:
    """The requester's answer to an "I'm in", with the request as it stands afterwards."""

    request: CollabRequest
    answer: CollabAnswer

    @property
    def just_matched(self) -> bool:
        return self.answer.status is AnswerStatus.ACCEPTED and self.request.status is Status.MATCHED


async def add_answer(
    store: Store, request_id: int, user_id: int, *, locale: Locale, now: datetime
) -> CollabAnswer:
    """Record a member's "I'm in": refused for their own request, a second time, or too late."""
    async with store.transaction() as db:
        request = await request_in(db, request_id)
        check_can_answer(request, user_id, await answer_in(db, request_id, user_id), now)
        cursor = await db.execute(
            "INSERT INTO collab_answers (request_id, user_id, locale, status, created_at)"
            " VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (request_id, user_id) DO NOTHING",
            (request_id, user_id, locale, stamp(now)),
        )
        if cursor.rowcount != 1:
            check_can_answer(request, user_id, await answer_in(db, request_id, user_id), now)
        answer = await answer_in(db, request_id, user_id)
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
        request = await request_in(db, request_id)
        answer = check_can_decide(
            request,
            await answer_in(db, request_id, responder_id),
            decider_id,
            accept=accept,
            now=now,
        )
        status = AnswerStatus.ACCEPTED if accept else AnswerStatus.DECLINED
        cursor = await db.execute(
            "UPDATE collab_answers SET status = ?, decided_at = ?"
            " WHERE request_id = ? AND user_id = ? AND status = 'pending'",
            (status.value, stamp(now), request_id, answer.user_id),
        )
        after = status_after_accept(request)
        if cursor.rowcount != 1 or (
            accept
            and not await changed(
                db,
                request,
                ANSWERABLE,
                "partners_found = partners_found + 1, status = ?, matched_at = ?",
                (after.value, stamp(now) if after is Status.MATCHED else None),
            )
        ):
            # Changed since the rules saw it: their refusal for it now (and nothing kept).
            check_can_decide(
                await request_in(db, request_id),
                await answer_in(db, request_id, responder_id),
                decider_id,
                accept=accept,
                now=now,
            )
        decided = await answer_in(db, request_id, responder_id)
        assert decided is not None
        return Decision(await request_in(db, request_id), decided)


async def withdraw_answer(store: Store, request_id: int, user_id: int) -> None:
    """Forget an answer still waiting for the requester, e.g. when they could not be told of it."""
    await store.write(
        "DELETE FROM collab_answers WHERE request_id = ? AND user_id = ? AND status = 'pending'",
        (request_id, user_id),
    )


async def record_answer_thread(store: Store, request_id: int, user_id: int, thread_id: int) -> None:
    await store.write(
        "UPDATE collab_answers SET thread_id = ? WHERE request_id = ? AND user_id = ?",
        (thread_id, request_id, user_id),
    )


async def get_answer(store: Store, request_id: int, user_id: int) -> CollabAnswer | None:
    return await answer_in(store, request_id, user_id)


async def answers_to(store: Store, request_id: int) -> list[CollabAnswer]:
    rows = await store.fetch_all(
        "SELECT * FROM collab_answers WHERE request_id = ? ORDER BY created_at, user_id",
        (request_id,),
    )
    return [answer_from_row(row) for row in rows]


async def add_invite(
    store: Store, request_id: int, inviter_id: int, user_id: int, locale: str, now: datetime
) -> CollabRequest:
    """Record that the requester invited a member Mozaik suggested, each once per request, and
    owe the member the invitation (a letter of the outbox) in the same transaction."""
    async with store.transaction() as db:
        request = await request_in(db, request_id)
        async with db.execute(
            "SELECT 1 FROM collab_invites WHERE request_id = ? AND user_id = ?",
            (request_id, user_id),
        ) as cursor:
            already_invited = await cursor.fetchone() is not None
        async with db.execute(
            "SELECT 1 FROM collab_suggestions WHERE request_id = ? AND user_id = ?",
            (request_id, user_id),
        ) as cursor:
            suggested = await cursor.fetchone() is not None
        check_can_invite(request, inviter_id, user_id, already_invited, now, suggested=suggested)
        cursor = await db.execute(
            "INSERT INTO collab_invites (request_id, user_id, invited_at) VALUES (?, ?, ?)"
            " ON CONFLICT (request_id, user_id) DO NOTHING",
            (request_id, user_id, stamp(now)),
        )
        if cursor.rowcount != 1:
            check_can_invite(request, inviter_id, user_id, True, now, suggested=suggested)
        to = [Address(user_id, locale)]
        await add_letters(db, Kind.COLLAB_INVITE, request.guild_id, request.id, to, now)
        return request


async def invited_members(store: Store, request_id: int) -> set[int]:
    rows = await store.fetch_all(
        "SELECT user_id FROM collab_invites WHERE request_id = ?", (request_id,)
    )
    return {int(row["user_id"]) for row in rows}
