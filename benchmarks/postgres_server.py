"""The PostgreSQL 15 server the benchmarks run against, started for the run and stopped after it.

Unlike the tests' throwaway clusters (tests/support/postgres.py, fsync off), this one keeps
PostgreSQL's durable defaults: fsync, synchronous_commit and full_page_writes on, so a commit
costs what it would in production. Its memory is sized for the full hub on a 24 GiB machine
(SERVER_OPTIONS). The cluster is kept in benchmarks/data/postgresql-15/ (git-ignored, like the
generated hubs), so each hub is loaded into it once, by `mozaik migrate-store` run as a
subprocess (which copies every table and verifies the copy by counts and checksums); a later run
only migrates it, as the bot would on start. A hub whose load did not finish is loaded again.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from benchmarks.hub import DATA
from bot.database import PostgresAddress, parse_database

BINARIES = Path("/usr/lib/postgresql/15/bin")
CLUSTER = DATA / "postgresql-15"
USER = "postgres"
LOADING = "_loading"  # the suffix of a hub's database until migrate-store has verified it
# Sized for the full hub (1M gigs, 100k profiles: a few GB of tables and indexes) on 24 GiB:
# shared_buffers a quarter of the memory, PostgreSQL's own advice, which holds the whole hub
# once read; the planner told the rest is the kernel's cache, and that pages are on an SSD.
# work_mem fits the digest's sorts; the larger WAL and maintenance memory serve the load.
SERVER_OPTIONS = {
    "shared_buffers": "6GB",
    "effective_cache_size": "16GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "8GB",
    "random_page_cost": "1.1",
    "max_connections": "100",
}


def version() -> str:
    answer = subprocess.run(
        [BINARIES / "postgres", "--version"], check=True, capture_output=True, text=True
    )
    return answer.stdout.strip().removeprefix("postgres (PostgreSQL) ")


def described() -> str:
    """The server as the report names it: its version and the settings that matter."""
    tuned = ", ".join(f"{name}={value}" for name, value in SERVER_OPTIONS.items())
    return f"PostgreSQL {version()}, fsync on, synchronous_commit on, {tuned}"


@dataclass(frozen=True)
class Server:
    port: int

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def load(self, hub: Path) -> str:
        """The URL of `hub` in this server, loaded by migrate-store first if it is not yet."""
        name = hub.stem.replace("-", "_")
        if name not in asyncio.run(_databases(self.port)):
            partial = name + LOADING
            drop = f"DROP DATABASE IF EXISTS {partial} WITH (FORCE)"
            asyncio.run(_administer(self.port, drop, f"CREATE DATABASE {partial}"))
            started = time.perf_counter()
            command = [sys.executable, "-m", "bot", "migrate-store", str(hub), self.url(partial)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            asyncio.run(_administer(self.port, f"ALTER DATABASE {partial} RENAME TO {name}"))
            print(f"loaded {hub.name} into PostgreSQL in {time.perf_counter() - started:.0f} s")
        return self.url(name)


@contextmanager
def running() -> Iterator[Server]:
    """The cluster, made the first time, served on a free loopback port until the block ends."""
    if not (CLUSTER / "data" / "PG_VERSION").exists():
        _initdb()
    port = _free_port()
    options = f"-p {port} -k {CLUSTER} -c listen_addresses=127.0.0.1"
    options += "".join(f" -c {name}={value}" for name, value in SERVER_OPTIONS.items())
    log = CLUSTER / "server.log"
    _as_postgres("pg_ctl", "start", "-w", "-D", CLUSTER / "data", "-l", log, "-o", options)
    try:
        yield Server(port)
    finally:
        _as_postgres("pg_ctl", "stop", "-m", "fast", "-D", CLUSTER / "data")


@asynccontextmanager
async def scratch_copy(url: str) -> AsyncIterator[str]:
    """A copy of the database at `url` on its server (CREATE DATABASE … TEMPLATE), for a
    benchmark that writes, dropped at the end. Nothing may be connected to the original."""
    where = parse_database(url)
    assert isinstance(where, PostgresAddress)
    copy = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = await _admin(where.port)
    try:
        await admin.execute(f'CREATE DATABASE {copy} TEMPLATE "{where.database}"')
        try:
            yield f"postgresql://{where.user}@{where.host}:{where.port}/{copy}"
        finally:
            await admin.execute(f"DROP DATABASE {copy} WITH (FORCE)")
    finally:
        await admin.close()


def _initdb() -> None:
    if CLUSTER.exists():
        shutil.rmtree(CLUSTER)  # a cluster whose initdb did not finish
    CLUSTER.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(CLUSTER, USER, USER)
    # Synced to disk, unlike the tests' (--no-sync): the benchmark's cluster is durable.
    _as_postgres("initdb", "-D", CLUSTER / "data", "-U", USER, "-A", "trust", "-E", "UTF8",
                 "--locale=C.UTF-8")  # fmt: skip


def _as_postgres(program: str, *arguments: str | Path) -> None:
    """A server program as the postgres user (PostgreSQL refuses to run as root)."""
    command = [str(BINARIES / program), *map(str, arguments)]
    if os.geteuid() == 0:
        command = ["runuser", "-u", USER, "--", *command]
    subprocess.run(command, check=True, capture_output=True, text=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _admin(port: int) -> asyncpg.Connection:
    return await asyncpg.connect(host="127.0.0.1", port=port, user=USER, database="postgres")


async def set_for_database(url: str, setting: str, value: str) -> None:
    """A server setting for every session opened on the database at `url` from now on."""
    where = parse_database(url)
    assert isinstance(where, PostgresAddress)
    await _administer(where.port, f'ALTER DATABASE "{where.database}" SET {setting} = {value}')


async def _databases(port: int) -> set[str]:
    admin = await _admin(port)
    try:
        return {row[0] for row in await admin.fetch("SELECT datname FROM pg_database")}
    finally:
        await admin.close()


async def _administer(port: int, *statements: str) -> None:
    admin = await _admin(port)
    try:
        for statement in statements:
            await admin.execute(statement)
    finally:
        await admin.close()
