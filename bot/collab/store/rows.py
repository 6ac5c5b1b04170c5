"""Collaboration rows and records: reading requests and answers, in or out of a transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from bot.collab.model import CollabAnswer, CollabRequest, Status
from bot.i18n import FALLBACK, as_locale
from bot.store import Connection, Store
from bot.store.rows import from_row

Reader = Store | Connection


async def fetch_all(reader: Reader, sql: str, params: Sequence[object]) -> list[sqlite3.Row]:
    if isinstance(reader, Store):
        return await reader.fetch_all(sql, params)
    async with reader.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


async def changed(
    db: Connection,
    request: CollabRequest,
    allowed: Iterable[Status],
    assignments: str,
    params: Sequence[object],
    *,
    same_partners: bool = False,
) -> bool:
    """Apply `assignments` to the request only while it is as the rules saw it: in a state the
    change may come from and, with `same_partners`, with as many partners found. Whether it was
    (checked by row count); `assignments` is fixed text from the callers, values always go
    through `params`."""
    states = sorted(status.value for status in allowed)
    sql = (
        f"UPDATE collab_requests SET {assignments} WHERE id = ?"  # noqa: S608 - fixed text
        f" AND status IN ({', '.join('?' for _ in states)})"
    )
    conditions = [*params, request.id, *states]
    if same_partners:
        sql += " AND partners_found = ?"
        conditions.append(request.partners_found)
    cursor = await db.execute(sql, conditions)
    return cursor.rowcount == 1


async def request_in(reader: Reader, request_id: int) -> CollabRequest | None:
    requests = await requests_where(reader, "id = ?", (request_id,))
    return requests[0] if requests else None


async def requests_where(
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
    rows = await fetch_all(reader, sql, params)
    skills = await skills_of(reader, [int(row["id"]) for row in rows])
    return [request_from_row(row, skills.get(int(row["id"]), ())) for row in rows]


async def skills_of(reader: Reader, request_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    if not request_ids:
        return {}
    marks = ", ".join("?" for _ in request_ids)
    rows = await fetch_all(
        reader,
        f"SELECT request_id, skill FROM collab_skills WHERE request_id IN ({marks})"  # noqa: S608
        " ORDER BY request_id, rowid",
        request_ids,
    )
    skills: dict[int, list[str]] = {}
    for row in rows:
        skills.setdefault(int(row["request_id"]), []).append(str(row["skill"]))
    return {request_id: tuple(names) for request_id, names in skills.items()}


async def answer_in(reader: Reader, request_id: int, user_id: int) -> CollabAnswer | None:
    rows = await fetch_all(
        reader,
        "SELECT * FROM collab_answers WHERE request_id = ? AND user_id = ?",
        (request_id, user_id),
    )
    return answer_from_row(rows[0]) if rows else None


def request_from_row(row: sqlite3.Row, skills: Iterable[str]) -> CollabRequest:
    requester_locale = as_locale(row["requester_locale"]) or FALLBACK
    return from_row(CollabRequest, row, requester_locale=requester_locale, skills=tuple(skills))


def answer_from_row(row: sqlite3.Row) -> CollabAnswer:
    return from_row(CollabAnswer, row, locale=as_locale(row["locale"]) or FALLBACK)
