"""The members' answers to a request and the invitations its author sent.

A change that depends on the current state (answering, accepting, inviting) is written only while
the request is in a state the rules let it come from (bot/collab/rules.py), checked by row count:
two clicks at the same moment cannot both take the last place; the one too late gets None, and
the cog tells them why.
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
from bot.collab.rules import ANSWERABLE
from bot.collab.store.rows import answer_from_row, answer_in, changed, request_in
from bot.i18n import Locale
from bot.outbox.model import Kind
from bot.outbox.store import Address, add_letters
from bot.store import Connection, Store
from bot.store.stamps import stamp

# Answers and invitations are written only while their request takes answers.
_TAKES_ANSWERS = (
    "EXISTS (SELECT 1 FROM collab_requests WHERE id = ?"  # noqa: S608 - fixed text
    f" AND status IN ({', '.join(repr(status.value) for status in sorted(ANSWERABLE))}))"
)


@dataclass(frozen=True)
class Decision:
    """The requester's answer to an "I'm in", with the request as it stands afterwards."""

    request: CollabRequest
    answer: CollabAnswer

    @property
    def just_matched(self) -> bool:
        return self.answer.status is AnswerStatus.ACCEPTED and self.request.status is Status.MATCHED


class _MovedOn(Exception):
    """Raised inside a transaction to undo what it wrote: the request moved on meanwhile."""


async def add_answer(
    store: Store, request_id: int, user_id: int, *, locale: Locale, now: datetime
) -> CollabAnswer | None:
    """Record a member's "I'm in"; None when they had answered already or the request no longer
    takes answers."""

    async def answering(db: Connection) -> CollabAnswer | None:
        cursor = await db.execute(
            "INSERT INTO collab_answers (request_id, user_id, locale, status, created_at)"
            f" SELECT ?, ?, ?, 'pending', ? WHERE {_TAKES_ANSWERS}"
            " ON CONFLICT (request_id, user_id) DO NOTHING",
            (request_id, user_id, locale, stamp(now), request_id),
        )
        if cursor.rowcount != 1:
            return None
        return await answer_in(db, request_id, user_id)

    return await store.atomic(answering)


async def decide_answer(
    store: Store,
    request: CollabRequest,
    responder_id: int,
    *,
    accepted_to: Status | None,
    now: datetime,
) -> Decision | None:
    """The requester accepts an answer, the request becoming `accepted_to` (the rules'
    `status_after_accept`), or declines it (`accepted_to` None). None, and nothing kept, when the
    answer was decided already or, for an acceptance, the request changed since it was read."""
    status = AnswerStatus.DECLINED if accepted_to is None else AnswerStatus.ACCEPTED

    async def deciding(db: Connection) -> Decision | None:
        cursor = await db.execute(
            "UPDATE collab_answers SET status = ?, decided_at = ?"
            " WHERE request_id = ? AND user_id = ? AND status = 'pending'",
            (status.value, stamp(now), request.id, responder_id),
        )
        if cursor.rowcount != 1:
            return None
        if accepted_to is not None and not await changed(
            db,
            request,
            ANSWERABLE,
            "partners_found = partners_found + 1, status = ?, matched_at = ?",
            (accepted_to.value, stamp(now) if accepted_to is Status.MATCHED else None),
            same_partners=True,
        ):
            raise _MovedOn
        after = await request_in(db, request.id)
        decided = await answer_in(db, request.id, responder_id)
        assert after is not None and decided is not None  # just written, in this transaction
        return Decision(after, decided)

    # Run again on PostgreSQL if another decision on the request won a conflict: read again,
    # the request has moved on and this one gives None, as on SQLite.
    try:
        return await store.atomic(deciding)
    except _MovedOn:
        return None


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


async def was_invited(store: Store, request_id: int, user_id: int) -> bool:
    row = await store.fetch_one(
        "SELECT 1 FROM collab_invites WHERE request_id = ? AND user_id = ?", (request_id, user_id)
    )
    return row is not None


async def was_suggested(store: Store, request_id: int, user_id: int) -> bool:
    row = await store.fetch_one(
        "SELECT 1 FROM collab_suggestions WHERE request_id = ? AND user_id = ?",
        (request_id, user_id),
    )
    return row is not None


async def add_invite(
    store: Store, request_id: int, user_id: int, locale: str, now: datetime
) -> bool:
    """Record that the requester invited a member, and owe the member the invitation (a letter
    of the outbox) in the same transaction; False when they were invited already or the
    request no longer takes answers."""

    async def inviting(db: Connection) -> bool:
        cursor = await db.execute(
            "INSERT INTO collab_invites (request_id, user_id, invited_at)"
            f" SELECT ?, ?, ? WHERE {_TAKES_ANSWERS} ON CONFLICT (request_id, user_id) DO NOTHING",
            (request_id, user_id, stamp(now), request_id),
        )
        request = await request_in(db, request_id)
        if cursor.rowcount != 1 or request is None:
            return False
        to = [Address(user_id, locale)]
        await add_letters(db, Kind.COLLAB_INVITE, request.guild_id, request_id, to, now)
        return True

    return await store.atomic(inviting)


async def invited_members(store: Store, request_id: int) -> set[int]:
    rows = await store.fetch_all(
        "SELECT user_id FROM collab_invites WHERE request_id = ?", (request_id,)
    )
    return {int(row["user_id"]) for row in rows}
