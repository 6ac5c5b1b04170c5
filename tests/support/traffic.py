"""Each test's traffic on the sandbox's Discord, so that what Discord would throttle shows up.

Every test's sandboxes are watched: the 429s they answered (Discord's limits, not injected
faults) and the most requests in any one second. `pytest --sandbox-traffic` prints them per test
file in the terminal summary; a failed test's report states the rate limits its sandboxes ran
under, their scale included.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import asdict, dataclass
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.sandbox.ledger import Traffic
from bot.sandbox.observers import observing

_SANDBOXES = pytest.StashKey[list[Sandbox]]()


@dataclass
class FileTraffic:
    tests: int = 0
    requests: int = 0
    rate_limited: int = 0
    busiest_second: int = 0
    busiest_test: str = ""
    busiest_global_second: int = 0

    def add(self, test: str, traffic: Traffic) -> None:
        self.requests += traffic.requests
        self.rate_limited += traffic.rate_limited
        self.busiest_global_second = max(self.busiest_global_second, traffic.busiest_global_second)
        if traffic.busiest_second > self.busiest_second:
            self.busiest_second, self.busiest_test = traffic.busiest_second, test

    def merge(self, other: FileTraffic) -> None:
        """Another pytest-xdist worker's share of the same file."""
        self.tests += other.tests
        self.requests += other.requests
        self.rate_limited += other.rate_limited
        if other.busiest_second > self.busiest_second:
            self.busiest_second, self.busiest_test = other.busiest_second, other.busiest_test


_BY_FILE: dict[str, FileTraffic] = {}
_WORKER_OUTPUT = "mozaik_sandbox_traffic"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--sandbox-traffic",
        action="store_true",
        help="print each test file's 429s and busiest second on the sandbox's Discord",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    started: list[Sandbox] = []
    item.stash[_SANDBOXES] = started
    with observing(started.append):
        result = yield
    if started:
        record = _BY_FILE.setdefault(item.location[0], FileTraffic())
        record.tests += 1
        for sandbox in started:
            record.add(item.name, sandbox.traffic())
    started.clear()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        for sandbox in item.stash.get(_SANDBOXES, []):
            traffic = sandbox.traffic()
            report.sections.append(
                (
                    "sandbox rate limits",
                    f"{traffic.limits}; {traffic.rate_limited} 429s, "
                    f"busiest second {traffic.busiest_second} requests "
                    f"({traffic.busiest_global_second} under the global limit)",
                )
            )
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands its files' traffic to the controller, which prints it."""
    output: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if output is not None:
        output[_WORKER_OUTPUT] = {path: asdict(record) for path, record in _BY_FILE.items()}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    for path, fields in getattr(node, "workeroutput", {}).get(_WORKER_OUTPUT, {}).items():
        _BY_FILE.setdefault(path, FileTraffic()).merge(FileTraffic(**fields))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not terminalreporter.config.getoption("--sandbox-traffic") or not _BY_FILE:
        return
    terminalreporter.section("sandbox traffic per file")
    for path, record in sorted(_BY_FILE.items()):
        terminalreporter.line(
            f"{path}: {record.tests} tests, {record.requests} requests, "
            f"{record.rate_limited} 429s, busiest second {record.busiest_second} "
            f"({record.busiest_global_second} under the global limit; {record.busiest_test})"
        )
    busiest = max(_BY_FILE.values(), key=lambda record: record.busiest_second)
    bound = max(record.busiest_global_second for record in _BY_FILE.values())
    total = sum(record.rate_limited for record in _BY_FILE.values())
    terminalreporter.line(
        f"all: {total} 429s; busiest second {busiest.busiest_second} ({busiest.busiest_test}), "
        f"{bound} under the global limit"
    )
