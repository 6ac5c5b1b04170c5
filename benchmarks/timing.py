"""Timings: percentiles of a sample, a measured row against its floor, and the printed table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

WARM_UP = 2
MINIMUM = 5  # samples, however slow: n in the table says how many


@dataclass(frozen=True)
class Sample:
    """Durations in milliseconds."""

    millis: tuple[float, ...]

    def percentile(self, p: float) -> float:
        ordered = sorted(self.millis)
        if len(ordered) == 1:
            return ordered[0]
        return statistics.quantiles(ordered, n=100, method="inclusive")[round(p) - 1]

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def p99(self) -> float:
        return self.percentile(99)


@dataclass(frozen=True)
class Budget:
    seconds: float  # per case and side
    most: int  # iterations at most


@dataclass(frozen=True)
class Row:
    section: str
    name: str
    measured: Sample
    floor: Sample | None = None
    note: str = ""
    page_floor: Sample | None = None  # one page along an index in key order (store reads)

    def ratio(self, p: float = 50) -> float | None:
        if self.floor is None:
            return None
        return self.measured.percentile(p) / max(self.floor.percentile(p), 1e-6)

    def page_ratio(self, p: float = 95) -> float | None:
        if self.page_floor is None:
            return None
        return self.measured.percentile(p) / max(self.page_floor.percentile(p), 1e-6)


def table(rows: list[Row]) -> str:
    """A Markdown table: the measured percentiles, the floor's and the ratios at p50 and p95,
    then the page floor's p95 and the ratio to it (store reads)."""
    lines = [
        "| section | benchmark | n | p50 ms | p95 ms | p99 ms"
        " | floor p50 | floor p95 | ×floor p50 | ×floor p95 | page floor p95 | ×page floor p95 |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        m, f = row.measured, row.floor
        cells = [
            row.section,
            row.name + (f" ({row.note})" if row.note else ""),
            str(len(m.millis)),
            _ms(m.p50),
            _ms(m.p95),
            _ms(m.p99),
            _ms(f.p50) if f else "",
            _ms(f.p95) if f else "",
            f"{row.ratio(50):.2f}" if f else "",
            f"{row.ratio(95):.2f}" if f else "",
            _ms(row.page_floor.p95) if row.page_floor else "",
            f"{row.page_ratio(95):.2f}" if row.page_floor else "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


async def measure_async(call: Callable[[], Awaitable[Any]], budget: Budget) -> Sample:
    for _ in range(WARM_UP):
        await call()
    timings: list[float] = []
    deadline = time.perf_counter() + budget.seconds
    while len(timings) < budget.most and (len(timings) < MINIMUM or time.perf_counter() < deadline):
        start = time.perf_counter()
        await call()
        timings.append((time.perf_counter() - start) * 1000)
    return Sample(tuple(timings))


def measure_sync(call: Callable[[], object], budget: Budget) -> Sample:
    for _ in range(WARM_UP):
        call()
    timings: list[float] = []
    deadline = time.perf_counter() + budget.seconds
    while len(timings) < budget.most and (len(timings) < MINIMUM or time.perf_counter() < deadline):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return Sample(tuple(timings))


def growth_table(by_size: dict[str, list[Row]]) -> str:
    """Each store read's p95 at each hub size, side by side, and how much it grew."""
    return compared(by_size, "read", (95,), "largest ÷ smallest", section="store")


def engines_table(by_engine: dict[str, list[Row]]) -> str:
    """Each benchmark's p50 and p95 on each engine, side by side, and the second's p95 over
    the first's (blank where a benchmark ran on one only)."""
    first, *_, last = by_engine
    return compared(by_engine, "benchmark", (50, 95), f"{last} ÷ {first} p95")


def compared(
    columns: dict[str, list[Row]],
    heading: str,
    percentiles: tuple[int, ...],
    ratio: str,
    section: str | None = None,
) -> str:
    """One line per benchmark (of `section`, or all), its percentiles under each column, and
    the last column's last percentile over the first's."""
    labels = list(columns)
    measured = {
        label: {
            _named(row, section): row.measured for row in rows if section in (None, row.section)
        }
        for label, rows in columns.items()
    }
    names = list(dict.fromkeys(name for label in labels for name in measured[label]))
    cells = [f"{label} p{p} ms" for label in labels for p in percentiles]
    lines = [
        f"| {heading} | " + " | ".join(cells) + f" | {ratio} |",
        "|---|" + "--:|" * (len(cells) + 1),
    ]
    for name in names:
        found = [measured[label].get(name) for label in labels]
        shown = [_ms(m.percentile(p)) if m else "" for m in found for p in percentiles]
        first, last, p = found[0], found[-1], percentiles[-1]
        grew = ""
        if first is not None and last is not None:
            grew = f"{last.percentile(p) / max(first.percentile(p), 1e-6):.1f}"
        lines.append(f"| {name} | " + " | ".join(shown) + f" | {grew} |")
    return "\n".join(lines)


def _of(rows: list[Row], section: str | None) -> list[Row]:
    return [row for row in rows if section in (None, row.section)]


def _named(row: Row, section: str | None) -> str:
    return row.name if section else f"{row.section}: {row.name}"
