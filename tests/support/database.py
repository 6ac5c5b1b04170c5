"""The database every test's bot opens: a copy of one database migrated once per run, so a test
starts from the schema Mozaik's migrations build without running them again.

Two engines: the store's tests take `store_database`, one per engine, so each runs on SQLite and
on PostgreSQL; the end-to-end tests take `database` (through `settings`), on SQLite unless
MOZAIK_TEST_ENGINE=postgresql asks for the whole run on PostgreSQL. Those are marked `e2e` (the
files named test_e2e_*.py and every test taking `database`), and README's test command runs
them once more that way: `MOZAIK_TEST_ENGINE=postgresql pytest -m e2e`."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bot.config import Settings
from bot.store import Store, _migrations, _statements
from bot.store.moving import table_rows
from bot.store.tables import read_tables
from tests.support.postgres import migrated_clone

# Property tests over random small hubs: each example opens a database of its own.
RANDOM_HUBS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


async def make_changes(
    store: Store, statements: Mapping[str, str], changes: Iterable[tuple[str, Sequence[object]]]
) -> None:
    """Each change, a statement named by its kind and its parameters, in a transaction of its
    own, as a feature would make it."""
    for kind, params in changes:
        async with store.transaction() as db:
            await db.execute(statements[kind], params)


async def _migrate(path: Path) -> None:
    async with Store.open(path):
        pass  # closing the last connection checkpoints the WAL into the file


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "mozaik.db"
    # In a thread of its own: the event loop of the test being set up is not disturbed.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, _migrate(path)).result()
    assert not path.with_name(path.name + "-wal").exists(), "the template kept a WAL file"
    return path


@contextmanager
def example_database(template: Path) -> Iterator[Path]:
    """A SQLite database of one Hypothesis example's own: a copy of the run's migrated template
    (`migrated_template`) in a folder that goes once the example is done. Migrating a new file
    instead took each example ten times as long."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mozaik.db"
        shutil.copyfile(template, path)
        yield path


ENGINES = ("sqlite", "postgresql")
ENGINE_VARIABLE = "MOZAIK_TEST_ENGINE"
# A test taking one of these runs on the run's engine, so it is end-to-end for the marker
# (`shared_database`, tests/reliability/conftest.py, takes `database` by name).
RUN_ENGINE_FIXTURES = frozenset({"database", "world_database", "shared_database"})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "e2e: runs Mozaik on the run's database (MOZAIK_TEST_ENGINE), so the test command runs "
        "it once more on PostgreSQL",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        named = item.path.name.startswith("test_e2e_")
        if named or RUN_ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


def _fresh(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path, template: Path
) -> Path | str:
    if engine == "postgresql":
        url: str = request.getfixturevalue("postgres_database")
        return url
    path = tmp_path / "mozaik.db"
    shutil.copyfile(template, path)
    return path


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_database(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path, migrated_template: Path
) -> Path | str:
    """A fresh, migrated database of this test's own on each engine in turn."""
    return _fresh(engine, request, tmp_path, migrated_template)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, migrated_template: Path) -> Path | str:
    """A fresh, migrated database of this test's own, on the run's engine."""
    return _fresh(os.environ.get(ENGINE_VARIABLE, "sqlite"), request, tmp_path, migrated_template)


@pytest.fixture(scope="module")
def world_database(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: Path,
) -> Iterator[Path | str]:
    """A fresh, migrated database on the run's engine for a module's one running bot (the
    reliability worlds, tests/reliability/_world.py)."""
    if os.environ.get(ENGINE_VARIABLE, "sqlite") == "postgresql":
        server = request.getfixturevalue("postgres_server")
        with migrated_clone(server, request.getfixturevalue("postgres_template")) as url:
            yield url
        return
    path = tmp_path_factory.mktemp("world") / "mozaik.db"
    shutil.copyfile(migrated_template, path)
    yield path


@pytest.fixture
def settings(database: Path | str) -> Settings:
    return Settings(database=database)


async def dumped(store: Store, leave_out: Collection[str] = ()) -> str:
    """Every row of every table but those in `leave_out`, table by table in key order, as
    text: two dumps are equal when the database holds the same, on either engine."""
    tables = await read_tables(store)
    lines = []
    for name in sorted(tables.keys() - set(leave_out)):
        lines.append(f"-- {name}")
        lines.extend([repr(row) async for row in table_rows(store, tables[name])])
    return "\n".join(lines)


async def apply_migration_again(store: Store, name: str) -> None:
    """Run the migration named `name` once more on a store already past it, as on a database
    that had the rows before the migration came: for migrations that must fill what they add."""
    [script] = [text for _, named, text in _migrations() if named == name]
    async with store.transaction() as db:
        for statement in _statements(script):
            await db.execute(statement)
