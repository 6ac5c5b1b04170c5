"""Hypothesis in the reliability tests: the run's one seed (tests/support/hypothesis_seed.py),
applied to every property test here, shown with a failing one's output and once at the end of
the run. And the database several processes of one test share, on each engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test, seed

from tests.support.hypothesis_seed import PROPERTY, SEED

HERE = Path(__file__).parent
# The engines the shared database is tested on, each by the fixture that gives a migrated
# database of the test's own. PostgreSQL joins with one entry, "postgresql":
# "postgres_database", once its engine lets `Settings.database` be a URL.
ENGINES = {"sqlite": "database"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = config.stash[SEED]
    for item in items:
        test = getattr(item, "obj", None)
        if item.path.is_relative_to(HERE) and test is not None and is_hypothesis_test(test):
            seed(chosen)(test)
            item.user_properties.append((PROPERTY, chosen))  # the run's summary prints it


@pytest.fixture(autouse=True)
def _print_seed(request: pytest.FixtureRequest) -> None:
    """Shown with a failing property test's output."""
    test = getattr(request.node, "obj", None)
    if test is not None and is_hypothesis_test(test):
        print(f"hypothesis seed: {request.config.stash[SEED]}")


@pytest.fixture(params=list(ENGINES))
def shared_database(request: pytest.FixtureRequest) -> Path | str:
    """`Settings.database` of the one database a test's processes share: a path or a server's
    URL, written into their config and opened by the test with `Store.open`."""
    database: Path | str = request.getfixturevalue(ENGINES[request.param])
    return database
