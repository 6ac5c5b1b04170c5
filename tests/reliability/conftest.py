"""Hypothesis in the reliability tests: the run's one seed (tests/support/hypothesis_seed.py),
applied to every property test here, shown with a failing one's output and once at the end of
the run."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test, seed

from tests.support.hypothesis_seed import PROPERTY, SEED

HERE = Path(__file__).parent


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
