"""A throwaway PostgreSQL server for the tests that run the store on PostgreSQL.

`postgres_server` (one per run, per xdist worker) is the server named by MOZAIK_TEST_POSTGRES
(a postgresql://user@host:port/db URL whose role may create databases) or else a cluster of its
own: initdb and pg_ctl from /usr/lib/postgresql/*/bin, run as the `postgres` user (PostgreSQL
refuses root), in a temporary folder, on a free loopback port, trusting 127.0.0.1, without
fsync, stopped at the end. Without the binaries the PostgreSQL tests skip with the reason, but on
CI (CI=true) that fails them: a CI run must have run them.

Each test gets a database of its own: `postgres_url` an empty one, `postgres_database` a clone
of a template migrated once per worker (CREATE DATABASE … TEMPLATE).
"""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from bot.database import PostgresAddress, parse_database
from bot.store import Store

SERVER_VARIABLE = "MOZAIK_TEST_POSTGRES"
# A role that must give its password (scram), for the test of a wrong one; every other login
# on 127.0.0.1 is trusted.
PASSWORD_ROLE = "mozaik_with_password"
PASSWORD = "right-password"
INITDB_OPTIONS = ["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]


@dataclass(frozen=True)
class PostgresServer:
    address: PostgresAddress  # its maintenance database, where test databases are made
    own: bool  # started by the tests (so the password role exists)

    def url(self, database: str, user: str | None = None) -> str:
        where = self.address
        return f"postgresql://{user or where.user}@{where.host}:{where.port}/{database}"

    async def admin(self) -> asyncpg.Connection:
        where = self.address
        return await asyncpg.connect(
            host=where.host, port=where.port, user=where.user, database=where.database
        )


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres(*command: str | Path) -> list[str]:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return [*prefix, *map(str, command)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(command: list[str], home: Path) -> None:
    # In the server's own folder: the postgres user may not enter the one the tests run from
    # (initdb then stops, unable to name its working directory).
    subprocess.run(command, check=True, capture_output=True, text=True, cwd=home)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    named = os.environ.get(SERVER_VARIABLE)
    if named:
        address = parse_database(named)
        assert isinstance(address, PostgresAddress), f"{SERVER_VARIABLE} is not a postgresql URL"
        yield PostgresServer(address, own=False)
        return
    binaries = _binaries()
    if binaries is None:
        reason = "no PostgreSQL server binaries in /usr/lib/postgresql (run tests/machine)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: on CI the PostgreSQL tests must run", pytrace=False)
        pytest.skip(reason)
    home = Path(tempfile.mkdtemp(prefix="mozaik-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data, port = home / "data", _free_port()
    try:
        _run(_as_postgres(binaries / "initdb", "-D", data, *INITDB_OPTIONS), home)
        hba = data / "pg_hba.conf"
        trusted = hba.read_text()
        hba.write_text(f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n{trusted}")
        options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
        options += " -c synchronous_commit=off -c full_page_writes=off"
        log = home / "server.log"
        start = ["start", "-w", "-D", data, "-l", log, "-o", options]
        _run(_as_postgres(binaries / "pg_ctl", *start), home)
        try:
            address = PostgresAddress("postgres", "127.0.0.1", port, "postgres")
            server = PostgresServer(address, own=True)
            _in_a_thread(_create_password_role(server))
            yield server
        finally:
            _run(_as_postgres(binaries / "pg_ctl", "stop", "-m", "immediate", "-D", data), home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


async def _create_password_role(server: PostgresServer) -> None:
    admin = await server.admin()
    try:
        await admin.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
    finally:
        await admin.close()


def _in_a_thread(work: Coroutine[object, object, None]) -> None:
    """Run a coroutine to the end in a thread of its own, outside any test's event loop (so
    the fixtures serve sync and async tests alike, and other fixtures asking for them by name)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, work).result()


def _fresh_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:16]}"


async def _create(server: PostgresServer, name: str, template: str | None = None) -> None:
    admin = await server.admin()
    try:
        cloned = f" TEMPLATE {template}" if template else ""
        await admin.execute(f"CREATE DATABASE {name}{cloned}")
    finally:
        await admin.close()


async def _drop(server: PostgresServer, name: str) -> None:
    admin = await server.admin()
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


async def _migrated_template(server: PostgresServer, name: str) -> None:
    await _create(server, name)
    async with Store.open(server.url(name)):
        pass


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> Iterator[str]:
    """A database migrated once for this worker, cloned by each `postgres_database`."""
    name = _fresh_name("template")
    _in_a_thread(_migrated_template(postgres_server, name))
    yield name
    _in_a_thread(_drop(postgres_server, name))


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of an empty database of this test's own."""
    name = _fresh_name("t")
    _in_a_thread(_create(postgres_server, name))
    yield postgres_server.url(name)
    _in_a_thread(_drop(postgres_server, name))


@contextmanager
def migrated_clone(server: PostgresServer, template: str) -> Iterator[str]:
    """The URL of a new database cloned from `template`, dropped on the way out."""
    name = _fresh_name("t")
    _in_a_thread(_create(server, name, template))
    yield server.url(name)
    _in_a_thread(_drop(server, name))


@pytest.fixture
def postgres_database(postgres_server: PostgresServer, postgres_template: str) -> Iterator[str]:
    """The URL of a database of this test's own, migrated (a clone of the worker's template)."""
    with migrated_clone(postgres_server, postgres_template) as url:
        yield url
