"""A throwaway PostgreSQL server for the tests that need one, until the store's own harness
replaces this: one cluster per pytest process (each xdist worker its own, on a free port), and
`postgres_url`, the URL of a fresh empty database of the test's own.

The server binaries refuse to run as root, so as root the cluster is run as the `postgres` user.
A machine without them fails the test that asks for a server: a PostgreSQL check is never
skipped in silence."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

BINARIES = Path("/usr/lib/postgresql/15/bin")
_names = itertools.count()


def _as_server_user(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a started cluster's server, without a database name."""
    if not (BINARIES / "initdb").exists():
        pytest.fail(f"no PostgreSQL server binaries in {BINARIES}")
    # Not under pytest's tmp_path: its folders are closed to the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="mozaik-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    initdb = [str(BINARIES / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
    subprocess.run(_as_server_user(*initdb), check=True, capture_output=True)
    options = f"-p {port} -k {folder} -c fsync=off -c listen_addresses=127.0.0.1"
    pg_ctl = str(BINARIES / "pg_ctl")
    start = [pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
    subprocess.run(_as_server_user(*start), check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        stop = [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]
        subprocess.run(_as_server_user(*stop), check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A fresh, empty database of this test's own, dropped after it."""
    name = f"test_{os.getpid()}_{next(_names)}"
    admin = await asyncpg.connect(f"{postgres_server}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{postgres_server}/{name}"
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()
