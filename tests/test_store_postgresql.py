"""What the PostgreSQL engine adds: migrations under an advisory lock, each one script, and one
clear line (naming the server, never the password) when a database cannot be used; the refusal
of a newer schema, on both engines."""

import asyncio
import socket
from pathlib import Path

import pytest

from bot.database import parse_database
from bot.store import Store, StoreUnavailable
from bot.store.postgresql import PostgresEngine
from bot.store.schema import migrations
from tests.support.postgres import PASSWORD, PASSWORD_ROLE


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path):
    if request.param == "sqlite":
        return tmp_path / "mozaik.db"
    return request.getfixturevalue("postgres_url")


async def test_a_database_at_a_newer_schema_than_the_code_knows_is_refused(where):
    async with Store.open(where) as store:
        known = await store.schema_version()
        async with store.transaction() as db:
            if isinstance(where, Path):
                await db.execute(f"PRAGMA user_version = {known + 1}")
            else:
                await db.execute("UPDATE schema_version SET version = ?", (known + 1,))
    with pytest.raises(StoreUnavailable) as refused:
        async with Store.open(where):
            pass
    line = str(refused.value)
    assert f"schema version {known + 1}, newer than this Mozaik knows ({known})" in line
    assert str(parse_database(where)) in line
    assert "\n" not in line


FIRST = """
CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL);
CREATE FUNCTION shout(words text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RETURN upper(words) || '!';  -- a ; inside the body: the script is sent whole
END;
$$;
SELECT pg_sleep(0.2);  -- long enough for the other migrator to arrive meanwhile
"""
SECOND = "INSERT INTO notes (body) VALUES (shout('once'));"


async def test_two_processes_starting_at_once_migrate_once(postgres_url):
    known = [(1, "notes", FIRST), (2, "first_note", SECOND)]
    address = parse_database(postgres_url)
    async with (
        PostgresEngine.open(address, migrations=[]) as one,
        PostgresEngine.open(address, migrations=[]) as other,
    ):
        await asyncio.gather(one.migrate(known), other.migrate(known))
        assert await one.schema_version() == 2
        rows = await one.fetch_all("SELECT body FROM notes", ())
        assert [row["body"] for row in rows] == ["ONCE!"]
        await other.migrate(known)  # up to date: a no-op
        assert len(await other.fetch_all("SELECT body FROM notes", ())) == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_an_unreachable_server_is_one_line_naming_it():
    port = _closed_port()
    with pytest.raises(StoreUnavailable) as refused:
        async with Store.open(f"postgresql://mozaik@127.0.0.1:{port}/hub"):
            pass
    line = str(refused.value)
    assert line.startswith(f"could not connect to PostgreSQL at 127.0.0.1:{port}/hub: ")
    assert "\n" not in line


async def test_a_wrong_password_is_one_line_naming_the_server_not_the_password(
    postgres_server, postgres_url
):
    if not postgres_server.own:
        pytest.skip("the password role exists only on the tests' own server")
    database = postgres_url.rsplit("/", 1)[1]
    admin = await postgres_server.admin()
    try:  # its owner may create the tables
        await admin.execute(f"ALTER DATABASE {database} OWNER TO {PASSWORD_ROLE}")
    finally:
        await admin.close()
    url = postgres_server.url(database, user=PASSWORD_ROLE)
    with pytest.raises(StoreUnavailable) as refused:
        async with Store.open(url, password="not-the-password"):
            pass
    line = str(refused.value)
    assert f"PostgreSQL at {parse_database(url)}: " in line
    assert "password authentication failed" in line
    assert "not-the-password" not in line
    async with Store.open(url, password=PASSWORD) as store:
        assert await store.schema_version() == len(migrations())
