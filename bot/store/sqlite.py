"""The SQLite engine: one file, one writing connection and a few read-only ones.

Every change goes through `transaction()`, which takes SQLite's write lock up front
(BEGIN IMMEDIATE) and is serialised on the writing connection, so nothing is committed halfway.
Reads outside a transaction (`fetch_all`) go to read-only connections: in WAL mode they read
while the writer writes, each in a thread of its own (SQLite lets go of Python's lock while it
works), and see only committed changes, so a coroutine never sees another's half-written
change.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Literal, TypeVar

import aiosqlite

from bot.store.connection import Batches, Connection, Dialect, Params, Row
from bot.store.schema import check_known, migrations, statements

log = logging.getLogger(__name__)

T = TypeVar("T")

Synchronous = Literal["NORMAL", "FULL"]
# The writer's synchronous setting. NORMAL in WAL mode keeps every committed change through a
# crash of the process, but a power loss or kernel crash may undo the last commits; FULL syncs
# the log on every commit and keeps them through that too, for a few milliseconds a commit
# (BENCHMARKS.md, "Writes"; README, "Data and backup").
DURABLE: Synchronous = "FULL"

# Read-only connections: two let a slow people search and a quick board read run side by side
# on a two-core machine.
READERS = 2


class SqliteEngine:
    dialect: Dialect = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path | str, connection: aiosqlite.Connection) -> None:
        self._path = path
        self._db = connection
        self._readers = [connection]  # until open() adds the read-only connections
        self._reads_waiting = [0]  # per reader: the reads sent to it and not yet answered
        self._write_lock = asyncio.Lock()

    @classmethod
    @asynccontextmanager
    async def open(
        cls, path: Path | str, *, synchronous: Synchronous = DURABLE
    ) -> AsyncIterator[SqliteEngine]:
        """Connect, set the pragmas every connection needs, bring the schema up to date, then
        open the read-only connections. `synchronous` is the writer's (see DURABLE)."""
        async with AsyncExitStack() as stack:
            writer = await stack.enter_async_context(
                _connected(path, "PRAGMA journal_mode = WAL", f"PRAGMA synchronous = {synchronous}")
            )
            engine = cls(path, writer)
            await engine.migrate()
            engine._readers = [
                await stack.enter_async_context(_connected(path, "PRAGMA query_only = ON"))
                for _ in range(READERS)
            ]
            engine._reads_waiting = [0] * READERS
            yield engine

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with self._write_lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
            except asyncio.CancelledError:
                # The BEGIN is already queued on the connection's thread and runs anyway; end it
                # there too, or the next transaction would find one open.
                await self._db.execute("ROLLBACK")
                raise
            try:
                yield self._db
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")

    async def atomic(self, work: Callable[[Connection], Awaitable[T]]) -> T:
        """`work` in one transaction: the one writer holds the lock, so no conflict to retry."""
        async with self.transaction() as db:
            return await work(db)

    async def fetch_all(self, sql: str, params: Params) -> list[Row]:
        """The rows, read by the reader with the fewest reads waiting, so a quick read does not
        queue behind a slow one; in one trip to its thread instead of three (execute, fetch,
        close the cursor), since for the fast reads trips cost more than the SQL."""
        chosen = min(range(len(self._readers)), key=self._reads_waiting.__getitem__)
        self._reads_waiting[chosen] += 1
        try:
            return list(await self._readers[chosen].execute_fetchall(sql, params))
        finally:
            self._reads_waiting[chosen] -= 1

    async def copy_into(self, table: str, columns: Sequence[str], batches: Batches) -> None:
        """Each batch inserted in a transaction of its own, so the log stays a batch long."""
        names = ", ".join(f'"{column}"' for column in columns)
        values = ", ".join("?" * len(columns))
        insert = f'INSERT INTO "{table}" ({names}) VALUES ({values})'  # noqa: S608 - catalog names
        async for batch in batches:
            async with self.transaction() as db:
                await db.executemany(insert, batch)

    async def schema_version(self) -> int:
        [row] = await self.fetch_all("PRAGMA user_version", ())
        return int(row[0])

    async def migrate(self) -> None:
        """Apply every migration newer than the database, each in its own transaction."""
        current = await self.schema_version()
        known = migrations()
        check_known(self._path, current, known)
        for version, name, script in known:
            if version <= current:
                continue
            log.info("applying migration %03d %s", version, name)
            async with self.transaction() as db:
                for statement in statements(script):
                    await db.execute(statement)
                # PRAGMA takes no placeholders; the version is an int from a file name.
                await db.execute(f"PRAGMA user_version = {version:d}")


@asynccontextmanager
async def _connected(path: Path | str, *pragmas: str) -> AsyncIterator[aiosqlite.Connection]:
    """A connection in autocommit mode (transactions are begun explicitly), rows by name, with
    the pragmas every connection needs and then `pragmas`."""
    connection = await aiosqlite.connect(str(path), isolation_level=None)
    try:
        connection.row_factory = sqlite3.Row
        every = (
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
        )
        for pragma in (*every, *pragmas):
            await connection.execute(pragma)
        yield connection
    finally:
        await connection.close()


async def backup_database(source: Path, destination: Path) -> None:
    """Copy a database with SQLite's online backup API: consistent even while the bot writes."""
    if not await asyncio.to_thread(source.exists):
        raise FileNotFoundError(source)
    async with (
        aiosqlite.connect(str(source)) as origin,
        aiosqlite.connect(str(destination)) as copy,
    ):
        await origin.backup(copy)
