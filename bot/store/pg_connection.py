"""The store's `Connection` over asyncpg: `?` SQL, row counts and rows, as on SQLite.

Each statement is prepared once per server connection and kept (the last STATEMENTS of them),
so running it again is one trip to the server that brings back both its rows and its status tag
("UPDATE 3"), which gives the row count the store checks its conditional updates by.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Coroutine, Generator, Iterable
from typing import Any

import asyncpg

from bot.store.connection import Params, Row
from bot.store.placeholders import arguments, numbered

# Prepared statements kept per server connection: more than the store's distinct statements.
STATEMENTS = 512

# The commands whose status tag ends with the number of rows they changed.
_COUNTED = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "COPY"})


class PooledConnection(asyncpg.Connection):  # type: ignore[misc]  # asyncpg has no types
    """A server connection of the pool (its `connection_class`), keeping its prepared
    statements by their SQL."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: OrderedDict[str, Any] = OrderedDict()

    async def prepared(self, sql: str) -> Any:
        statement = self._prepared.get(sql)
        if statement is None:
            statement = await self.prepare(sql)
            self._prepared[sql] = statement
            if len(self._prepared) > STATEMENTS:
                self._prepared.popitem(last=False)  # asyncpg closes it once unused
        else:
            self._prepared.move_to_end(sql)
        return statement


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

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: Params = (), /) -> _Running:
        return _Running(self._execute(sql, parameters))

    async def _execute(self, sql: str, parameters: Params) -> PostgresCursor:
        query, names = numbered(sql)
        statement = await self._connection.prepared(query)
        rows: list[Row] = await statement.fetch(*arguments(names, parameters))
        return PostgresCursor(rowcount(statement.get_statusmsg()), rows)

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
