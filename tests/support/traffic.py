"""Each test's traffic on the sandbox's Discord, so that what Discord would throttle shows up.

Every test's sandboxes are watched: the 429s they answered (Discord's limits, not injected
faults) and the most requests in any one second. `pytest --sandbox-traffic` prints them per test
file in the terminal summary (also from xdist workers: each test's figures travel with its
teardown report); a failed test's report states the rate limits its sandboxes ran under, their
scale included.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

import pytest

from bot.sandbox import Sandbox
from bot.sandbox.observers import observing

_SANDBOXES = pytest.StashKey[list[Sandbox]]()
_PROPERTY = "sandbox traffic"


@dataclass
class FileTraffic:
    tests: int = 0
    requests: int = 0
    rate_limited: int = 0
    busiest_second: int = 0
    busiest_test: str = ""
    busiest_global_second: int = 0

    def add(self, test: str, figures: dict[str, int]) -> None:
        self.tests += 1
        self.requests += figures["requests"]
        self.rate_limited += figures["rate_limited"]
        self.busiest_global_second = max(
            self.busiest_global_second, figures["busiest_global_second"]
        )
        if figures["busiest_second"] > self.busiest_second:
            self.busiest_second, self.busiest_test = figures["busiest_second"], test


_BY_FILE: dict[str, FileTraffic] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--sandbox-traffic",
        action="store_true",
        help="print each test file's 429s and busiest second on the sandbox's Discord",
    )


# Sandboxes seen and not yet closed, with how many of their exchanges were counted already: a
# module's sandbox serves many tests, each counted for what it did.
_OPEN: dict[Sandbox, int] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    started: list[Sandbox] = []
    item.stash[_SANDBOXES] = started
    with observing(started.append):
        result = yield
    started.clear()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    for sandbox in item.stash.get(_SANDBOXES, []):
        _OPEN.setdefault(sandbox, 0)
    if report.failed:
        for sandbox, counted in _OPEN.items():
            traffic = sandbox.traffic(counted)
            report.sections.append(
                (
                    "sandbox rate limits",
                    f"{traffic.limits}; {traffic.rate_limited} 429s, "
                    f"busiest second {traffic.busiest_second} requests "
                    f"({traffic.busiest_global_second} under the global limit)",
                )
            )
    if report.when == "teardown" and _OPEN:
        traffics = [sandbox.traffic(counted) for sandbox, counted in _OPEN.items()]
        for sandbox in list(_OPEN):
            _OPEN[sandbox] = len(sandbox.exchanges)
            if sandbox.closed:
                del _OPEN[sandbox]
        figures = {
            "requests": sum(t.requests for t in traffics),
            "rate_limited": sum(t.rate_limited for t in traffics),
            "busiest_second": max(t.busiest_second for t in traffics),
            "busiest_global_second": max(t.busiest_global_second for t in traffics),
        }
        report.user_properties.append((_PROPERTY, figures))
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, figures in report.user_properties:
        if name == _PROPERTY and report.when == "teardown":
            test = report.nodeid.rpartition("::")[2]
            _BY_FILE.setdefault(report.location[0], FileTraffic()).add(test, figures)


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
