"""Hypothesis in the reliability tests: the run's one seed (tests/support/hypothesis_seed.py),
applied to every property test here and shown with a failing one's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test, seed

from tests.support.hypothesis_seed import PROPERTY, SEED, is_worker, replay_line

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = config.stash[SEED]
    found = False
    for item in items:
        test = getattr(item, "obj", None)
        if item.path.is_relative_to(HERE) and test is not None and is_hypothesis_test(test):
            seed(chosen)(test)
            item.user_properties.append((PROPERTY, chosen))
            found = True
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if found and reporter is not None and not is_worker(config):
        reporter.write_line(replay_line(chosen))


@pytest.fixture(autouse=True)
def _print_seed(request: pytest.FixtureRequest) -> None:
    """Shown with a failing property test's output."""
    test = getattr(request.node, "obj", None)
    if test is not None and is_hypothesis_test(test):
        print(f"hypothesis seed: {request.config.stash[SEED]}")
