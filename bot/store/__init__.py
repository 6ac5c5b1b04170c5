"""The store: one interface over two engines, with numbered migrations written once for both
(in SQLite's dialect, turned into PostgreSQL's by bot/store/dialect.py).

SQLite (bot/store/sqlite.py) is the default: one process, one file, nothing to install.
PostgreSQL (bot/store/postgresql.py) is for several processes sharing one database. Which one
is `Settings.database`'s: a path or a postgresql:// URL (bot/database.py). Either way a
transaction hands out a `Connection` (bot/store/connection.py) running the same `?` SQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol, TypeVar

from bot.database import Database, PostgresAddress, parse_database
from bot.store.connection import (
    Batches,
    Connection,
    Dialect,
    Params,
    Row,
    dialect_of,
    inserted_id,
)
from bot.store.schema import StoreUnavailable
from bot.store.schema import migrations as _migrations
from bot.store.schema import statements as _statements
from bot.store.sqlite import DURABLE, SqliteEngine, Synchronous, backup_database

__all__ = [
    "DURABLE",
    "Connection",
    "Dialect",
    "Params",
    "Row",
    "Store",
    "StoreUnavailable",
    "Synchronous",
    "_migrations",
    "_statements",
    "backup_database",
    "dialect_of",
    "inserted_id",
]

T = TypeVar("T")


class Engine(Protocol):
    """What each engine does its own way."""

    dialect: Dialect
    # The driver's errors: the database failing a statement, or out of reach for a while.
    errors: tuple[type[Exception], ...]

    def transaction(self) -> AbstractAsyncContextManager[Connection]: ...

    async def atomic(self, work: Callable[[Connection], Awaitable[T]]) -> T: ...

    async def fetch_all(self, sql: str, params: Params) -> list[Row]: ...

    async def copy_into(self, table: str, columns: Sequence[str], batches: Batches) -> None: ...

    async def schema_version(self) -> int: ...


class Store:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.dialect: Dialect = engine.dialect
        # What a caller that keeps going through a failure (a heartbeat) catches.
        self.errors: tuple[type[Exception], ...] = engine.errors

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        database: Database | str,
        *,
        synchronous: Synchronous = DURABLE,
        password: str | None = None,
    ) -> AsyncIterator[Store]:
        """Open the database and bring its schema up to date (StoreUnavailable if it cannot be
        used). `synchronous` is SQLite's writer's (see DURABLE); `password` PostgreSQL's."""
        where = parse_database(database)
        if isinstance(where, PostgresAddress):
            # Imported here: a SQLite run never loads the PostgreSQL driver.
            from bot.store.postgresql import PostgresEngine

            async with PostgresEngine.open(where, password) as engine:
                yield cls(engine)
            return
        async with SqliteEngine.open(where, synchronous=synchronous) as sqlite:
            yield cls(sqlite)

    def transaction(self) -> AbstractAsyncContextManager[Connection]:
        """A transaction, committed when the block ends and rolled back if it raises; never
        run again by the store (see `atomic`)."""
        return self._engine.transaction()

    async def atomic(self, work: Callable[[Connection], Awaitable[T]]) -> T:
        """`work` in one transaction, and its result; on PostgreSQL run again if it lost a
        serialization conflict to another process, so `work` must only read and write the
        database."""
        return await self._engine.atomic(work)

    async def write(self, sql: str, params: Params = ()) -> int:
        """Run one change in a transaction of its own; the number of rows it changed. Atomic, so
        on PostgreSQL a change that lost a serialization conflict is made again (it touches
        only the database, so that is safe)."""

        async def change(db: Connection) -> int:
            cursor = await db.execute(sql, params)
            return cursor.rowcount

        return await self.atomic(change)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query meant to return one."""
        return next(iter(await self._engine.fetch_all(sql, params)), None)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._engine.fetch_all(sql, params)

    async def copy_into(self, table: str, columns: Sequence[str], batches: Batches) -> None:
        """Append the rows of `batches` (each a list of rows, values in `columns`' order) to
        `table` by the fastest way the engine has, for a move into a new database
        (bot/store/moving.py): PostgreSQL's binary COPY, SQLite's prepared INSERT a batch at a
        time. Table and column names from the catalog only, never from outside."""
        await self._engine.copy_into(table, columns, batches)

    async def schema_version(self) -> int:
        return await self._engine.schema_version()
