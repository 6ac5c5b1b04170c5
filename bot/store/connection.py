"""What a transaction hands out, on either engine: a connection that runs `?`-placeholder SQL.

The SQLite engine hands out its aiosqlite connection as it is (it already has this shape); the
PostgreSQL engine an adapter over asyncpg (bot/store/postgresql.py). Feature stores name this
`Connection` in their signatures, never a driver's class.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterable, Awaitable, Generator, Iterable, Sequence
from typing import Any, Literal, Protocol

Params = Sequence[Any] | dict[str, Any]

Dialect = Literal["sqlite", "postgresql"]

# Rows poured into a table by `Store.copy_into`: lists of rows, each its values in column order.
Batches = AsyncIterable[Sequence[Sequence[object]]]

# A row read by name or by position. The feature stores annotate sqlite3.Row; on PostgreSQL the
# rows are asyncpg Records, which answer both the same way.
Row = sqlite3.Row


class Cursor(Protocol):
    """What one statement leaves: how many rows it changed, and the rows it returned."""

    @property
    def rowcount(self) -> int: ...

    async def fetchone(self) -> Row | None: ...

    async def fetchall(self) -> Iterable[Row]: ...


class Running(Protocol):
    """A statement sent: awaited, or used in `async with`, it gives its cursor."""

    def __await__(self) -> Generator[Any, None, Cursor]: ...

    async def __aenter__(self) -> Cursor: ...

    async def __aexit__(self, kind: Any, error: Any, trace: Any, /) -> None: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Params = ..., /) -> Running: ...

    def executemany(self, sql: str, parameters: Iterable[Params], /) -> Awaitable[Cursor]: ...

    def execute_fetchall(self, sql: str, parameters: Params = ..., /) -> Awaitable[Iterable[Row]]:
        """The rows of a query, in one trip."""
        ...


async def inserted_id(cursor: Cursor) -> int:
    """The id an `INSERT … RETURNING id` gave its row (both engines return it the same way)."""
    row = await cursor.fetchone()
    assert row is not None, "an INSERT … RETURNING id returned no row"
    return int(row[0])


def dialect_of(reader: object) -> Dialect:
    """The SQL dialect a store or a transaction's connection speaks, for the few statements
    written once per engine (search, aggregates, planner hints). PostgreSQL's store and
    connections say so; aiosqlite's connection, handed out as it is, says nothing."""
    return "postgresql" if getattr(reader, "dialect", None) == "postgresql" else "sqlite"
