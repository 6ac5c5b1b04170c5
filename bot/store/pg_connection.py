"""The store's `Connection` over asyncpg: `?` SQL, row counts and rows, as on SQLite.

A statement is prepared once per server connection (asyncpg keeps it), so running it again is
one trip to the server. A query or a change with RETURNING brings back its rows (a change: one
per row changed, so the count too); any other change its status tag ("UPDATE 3"), which gives
the row count the store checks its conditional updates by.
"""

from __future__ import annotations

from collections.abc import Coroutine, Generator, Iterable
from typing import Any

from bot.store.connection import Dialect, Params, Row
from bot.store.placeholders import arguments, numbered

# The commands whose status tag ends with the number of rows they changed.
_COUNTED = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "COPY"})


class PostgresCursor:
    def __init__(self, rowcount: int, rows: list[Row]) -> None:
        self.rowcount = rowcount
        self.rows = rows

    async def fetchone(self) -> Row | None:
        return self.rows[0] if self.rows else None

    async def fetchall(self) -> Iterable[Row]:
        return self.rows


class _Running:
    """A statement sent, awaited or used in `async with` as aiosqlite's are."""

    def __init__(self, sending: Coroutine[Any, Any, PostgresCursor]) -> None:
        self._sending = sending

    def __await__(self) -> Generator[Any, None, PostgresCursor]:
        return self._sending.__await__()

    async def __aenter__(self) -> PostgresCursor:
        return await self._sending

    async def __aexit__(self, kind: object, error: object, trace: object, /) -> None:
        return None


class PostgresConnection:
    """One pooled connection, for the length of a transaction (or of one read)."""

    dialect: Dialect = "postgresql"

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: Params = (), /) -> _Running:
        return _Running(self._execute(sql, parameters))

    async def _execute(self, sql: str, parameters: Params) -> PostgresCursor:
        statement = numbered(sql)
        values = arguments(statement.names, parameters)
        if statement.returns_rows:
            rows: list[Row] = await self._connection.fetch(statement.sql, *values)
            return PostgresCursor(len(rows), rows)
        status: str = await self._connection.execute(statement.sql, *values)
        return PostgresCursor(rowcount(status), [])

    async def executemany(self, sql: str, parameters: Iterable[Params], /) -> PostgresCursor:
        changed = 0
        for params in parameters:
            changed += (await self._execute(sql, params)).rowcount
        return PostgresCursor(changed, [])

    async def execute_fetchall(self, sql: str, parameters: Params = (), /) -> Iterable[Row]:
        return (await self._execute(sql, parameters)).rows


def rowcount(status: str) -> int:
    """The rows a command changed, from its status tag ("INSERT 0 2", "UPDATE 3"); -1 for a
    command that changes none (SELECT, DDL), as sqlite3 says."""
    words = status.split()
    if len(words) >= 2 and words[0] in _COUNTED and words[-1].isdigit():
        return int(words[-1])
    return -1
