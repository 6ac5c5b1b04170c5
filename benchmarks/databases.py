"""The hub's database as the benchmarks name it, a scratch copy of it for those that write, and
what PostgreSQL answers SQL not yet written for it.

A hub is a SQLite file (a Path) or a database on the benchmarks' PostgreSQL server (its
postgresql:// URL, a str); the copy is a file copy on SQLite, a clone on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from benchmarks import postgres_server
from bot.database import parse_database

HubDatabase = Path | str  # a SQLite file, or a postgresql:// URL
# PostgreSQL's refusal of a statement of the feature SQL not yet ported: a benchmark meeting it
# is skipped, with the reason printed, rather than measured.
UNPORTED = (asyncpg.PostgresError,)


def reason(error: BaseException) -> str:
    return str(error).splitlines()[0]


def hub_database(text: str) -> HubDatabase:
    """The hub named on a command line: a file, or a URL kept as it is."""
    return Path(text) if isinstance(parse_database(text), Path) else text


def engine_of(database: HubDatabase) -> str:
    return "sqlite" if isinstance(database, Path) else "postgresql"


@asynccontextmanager
async def scratch_copy(database: HubDatabase) -> AsyncIterator[HubDatabase]:
    """A copy of the hub that the block may change, gone when it ends."""
    if isinstance(database, str):
        async with postgres_server.scratch_copy(database) as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="mozaik-bench-") as folder:
        copy = Path(folder) / "hub.db"
        await asyncio.to_thread(shutil.copy, database, copy)
        yield copy
