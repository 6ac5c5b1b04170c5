"""One Hypothesis seed per run: given with --hypothesis-seed or drawn once, shared by every
pytest-xdist worker and printed once at the end of a run that used it, so any failure can be
replayed with `pytest --hypothesis-seed=N`. tests/reliability/conftest.py applies it to its
property tests."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

SEED = pytest.StashKey[int]()
PROPERTY = "hypothesis seed"  # the user property of a test run with the seed
_WORKER_INPUT = "mozaik_hypothesis_seed"
_USED = pytest.StashKey[bool]()


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    if is_worker(config):
        config.stash[SEED] = int(config.workerinput[_WORKER_INPUT])  # type: ignore[attr-defined]
        return
    given = config.getoption("hypothesis_seed", None)
    config.stash[SEED] = int(given) if given is not None else secrets.randbelow(2**32)
    config.stash[_USED] = False


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """A pytest-xdist worker takes the controller's seed instead of drawing one of its own."""
    node.workerinput[_WORKER_INPUT] = node.config.stash[SEED]


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> None:
    # Seen where the reports are shown: in the one process, or on the controller, where the
    # workers' reports arrive with their user properties.
    if report.when == "call" and any(name == PROPERTY for name, _ in report.user_properties):
        config.stash[_USED] = True


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    config = terminalreporter.config
    if not is_worker(config) and config.stash.get(_USED, False):
        chosen = config.stash[SEED]
        terminalreporter.write_line(
            f"hypothesis seed: {chosen} (replay with --hypothesis-seed={chosen})"
        )
