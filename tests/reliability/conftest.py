"""Hypothesis in the reliability tests: one seed per run, printed, and applied to every property
test here, so any failure can be replayed with `pytest --hypothesis-seed=N`."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test, seed

HERE = Path(__file__).parent
_SEED = pytest.StashKey[int]()


def run_seed(config: pytest.Config) -> int:
    """The seed given with --hypothesis-seed, else one drawn for this run."""
    if _SEED not in config.stash:
        given = config.getoption("hypothesis_seed", None)
        config.stash[_SEED] = int(given) if given is not None else secrets.randbelow(2**32)
    return config.stash[_SEED]


def _announce(config: pytest.Config, text: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(text)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = run_seed(config)
    found = False
    for item in items:
        test = getattr(item, "obj", None)
        if item.path.is_relative_to(HERE) and test is not None and is_hypothesis_test(test):
            seed(chosen)(test)
            item.user_properties.append(("hypothesis seed", chosen))
            found = True
    if found:
        _announce(config, f"hypothesis seed: {chosen} (replay with --hypothesis-seed={chosen})")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    config = terminalreporter.config
    if _SEED in config.stash:
        chosen = config.stash[_SEED]
        terminalreporter.write_line(
            f"hypothesis seed: {chosen} (replay with --hypothesis-seed={chosen})"
        )


@pytest.fixture(autouse=True)
def _print_seed(request: pytest.FixtureRequest) -> None:
    """Shown with a failing property test's output."""
    test = getattr(request.node, "obj", None)
    if test is not None and is_hypothesis_test(test):
        print(f"hypothesis seed: {run_seed(request.config)}")
