"""The PostgreSQL engine: a pool of connections to one server, shared by several processes.

Transactions are SERIALIZABLE: a change that read what another changed meanwhile fails at its
next statement or its commit instead of writing over it. `atomic` runs its work again when that
happens (the store never talks to Discord inside a transaction, so running it twice is safe);
`transaction` does not, for the call sites written for SQLite's one writer. Reads outside a
transaction see what is committed, like SQLite's readers.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import asyncpg

from bot.database import PostgresAddress
from bot.store import schema
from bot.store.connection import Batches, Connection, Dialect, Params, Row
from bot.store.dialect import to_postgresql
from bot.store.pg_connection import PostgresConnection
from bot.store.pg_copy import copy_batches
from bot.store.schema import Migration, StoreUnavailable, check_known

log = logging.getLogger(__name__)

T = TypeVar("T")

POOL_SIZE = 10
# Prepared statements kept per server connection: more than the store's distinct statements.
STATEMENTS = 512
CONNECT_SECONDS = 10.0
# A transaction that lost a conflict is tried again after a pause that grows, at random within
# it so that two losers do not meet again; it gives up after TRIES (then the error is raised).
TRIES = 8
FIRST_PAUSE_SECONDS = 0.005
RETRIED = (asyncpg.SerializationError, asyncpg.DeadlockDetectedError)
# A statement refused, or the server out of reach: a connection dropped (the pool opens a new
# one next time), the server restarting, no answer in time.
ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)

# The key of the advisory lock migrations hold, so two processes starting at once do not both
# migrate: any fixed number, the same in every Mozaik.
MIGRATION_LOCK = 0x6D6F7A61  # "moza"

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version integer NOT NULL
);
INSERT INTO schema_version (version) VALUES (0) ON CONFLICT (only_row) DO NOTHING;
"""


def postgresql_migrations() -> list[Migration]:
    """Every migration as PostgreSQL runs it: SQLite's turned into PostgreSQL's dialect, then
    PostgreSQL's own statements for it, if any."""
    known = schema.migrations()
    own = schema.postgresql_own(known)
    return [
        (number, name, to_postgresql(script) + own.get((number, name), ""))
        for number, name, script in known
    ]


class PostgresEngine:
    dialect: Dialect = "postgresql"
    errors: tuple[type[Exception], ...] = ERRORS

    def __init__(self, address: PostgresAddress, pool: Any) -> None:
        self._address = address
        self._pool = pool

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        address: PostgresAddress,
        password: str | None = None,
        *,
        migrations: Sequence[Migration] | None = None,
    ) -> AsyncIterator[PostgresEngine]:
        """Connect to the server and bring the schema up to date with `migrations` (every one
        if None; StoreUnavailable, naming the server, if it cannot be reached, refuses the
        login, or is at a newer schema)."""
        try:
            pool = await asyncpg.create_pool(
                host=address.host,
                port=address.port,
                user=address.user,
                database=address.database,
                password=password,
                min_size=1,
                max_size=POOL_SIZE,
                timeout=CONNECT_SECONDS,
                statement_cache_size=STATEMENTS,
            )
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            raise StoreUnavailable(
                f"could not connect to PostgreSQL at {address}: {_reason(error)}"
            ) from None
        try:
            engine = cls(address, pool)
            try:
                await engine.migrate(postgresql_migrations() if migrations is None else migrations)
            except ERRORS as error:  # a role that may not create tables, a server going away
                raise StoreUnavailable(
                    f"could not migrate PostgreSQL at {address}: {_reason(error)}"
                ) from None
            yield engine
        finally:
            await pool.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with (
            self._pool.acquire() as connection,
            connection.transaction(isolation="serializable"),
        ):
            yield PostgresConnection(connection)

    async def atomic(self, work: Callable[[Connection], Awaitable[T]]) -> T:
        """`work` in one transaction, run again (up to TRIES in all) if it lost a
        serialization conflict or a deadlock to another transaction."""
        for attempt in range(1, TRIES + 1):
            try:
                async with self.transaction() as db:
                    return await work(db)
            except RETRIED:
                if attempt == TRIES:
                    raise
                log.debug("transaction lost a conflict; trying again (%d of %d)", attempt, TRIES)
                # Not a secret: only spreads the retries apart.
                pause = random.uniform(0, FIRST_PAUSE_SECONDS * 2**attempt)  # noqa: S311
                await asyncio.sleep(pause)
        raise AssertionError("unreachable: the last try returns or raises")

    async def fetch_all(self, sql: str, params: Params) -> list[Row]:
        async with self._pool.acquire() as connection:
            return list(await PostgresConnection(connection).execute_fetchall(sql, params))

    async def copy_into(self, table: str, columns: Sequence[str], batches: Batches) -> None:
        """The rows in one binary COPY, committed when it ends (bot/store/pg_copy.py)."""
        async with self._pool.acquire() as connection:
            await copy_batches(connection, table, columns, batches)

    async def schema_version(self) -> int:
        async with self._pool.acquire() as connection:
            found = await connection.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
            if not found:
                return 0
            return int(await connection.fetchval("SELECT version FROM schema_version"))

    async def migrate(self, known: Sequence[Migration]) -> None:
        """Apply every migration of `known` newer than the database, each as one script in a
        transaction of its own, under an advisory lock: a second process starting meanwhile
        waits, then finds the schema up to date."""
        async with self._pool.acquire() as connection:
            while True:
                async with connection.transaction():
                    # READ COMMITTED (the default): after the lock, the version another
                    # migrator committed is seen.
                    await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                    await connection.execute(_VERSION_TABLE)
                    current = await connection.fetchval("SELECT version FROM schema_version")
                    check_known(f"PostgreSQL at {self._address}", current, known)
                    pending = [migration for migration in known if migration[0] > current]
                    if not pending:
                        return
                    version, name, script = pending[0]
                    log.info("applying migration %03d %s", version, name)
                    if script.strip():  # nothing to run on PostgreSQL, as in 008
                        await connection.execute(script)
                    await connection.execute("UPDATE schema_version SET version = $1", version)


def _reason(error: BaseException) -> str:
    """Why the connection failed, in a few words (asyncpg's messages never hold the
    password)."""
    if isinstance(error, TimeoutError):
        return f"no answer within {CONNECT_SECONDS:g} s"
    return str(error).splitlines()[0] if str(error) else type(error).__name__
