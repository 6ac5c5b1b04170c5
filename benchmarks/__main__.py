"""Mozaik at the size of a large hub: the store's reads and the bot end to end, against floors
measured in the same run.

    .venv/bin/python -m benchmarks --size small     # 1k profiles, 10k gigs: about a minute
    .venv/bin/python -m benchmarks --size full      # 100k profiles, 1M gigs: about 5 minutes
    .venv/bin/python -m benchmarks --size small --engine postgresql   # or both, side by side

The generated hub is cached in benchmarks/data/ (by size and seed); the table is printed and
written to benchmarks/data/last-run-<size>.md. At full size the store reads also run on the
small and medium hubs, for a table of how each read grows with the hub. On PostgreSQL the
benchmarks run against a server of their own (benchmarks/postgres_server.py), each hub loaded
into it once with `mozaik migrate-store`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import automod_bench, postgres_server, store_bench, web_bench, write_bench
from benchmarks.databases import HubDatabase, engine_of
from benchmarks.e2e import REFUSALS
from benchmarks.hub import DATA, SIZES, Size, ensure_hub
from benchmarks.timing import Budget, Row, Sample, engines_table, growth_table, table
from bot.store import Store

ENGINES = ("sqlite", "postgresql")
# Seconds each benchmark runs (per side, per concurrency), by size.
SECONDS = {"small": 0.4, "medium": 1.0, "full": 2.0}


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; "
        f"load average at start {load}"
    )


async def migrate(database: HubDatabase) -> float:
    """Bring a cached hub up to the current schema, as the bot would on start; seconds taken."""
    started = time.perf_counter()
    async with Store.open(database):
        pass
    return time.perf_counter() - started


def end_to_end(database: HubDatabase, seconds: float) -> tuple[list[Row], dict[str, object]]:
    """The end-to-end benchmarks in a process of their own, so its peak RSS is the bot's."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "e2e.json"
        command = [sys.executable, "-m", "benchmarks.e2e", "--db", str(database), "--out", str(out)]
        done = subprocess.run([*command, "--seconds", str(seconds)], check=False)
        if done.returncode != 0 and engine_of(database) == "postgresql":
            # Most likely feature SQL not ported yet: its traceback is printed above.
            print("  end to end: skipped on postgresql, its process failed", flush=True)
            return [], {"end to end": "skipped: its process failed on postgresql"}
        done.check_returncode()
        result = json.loads(out.read_text())
    rows = [
        Row(
            row["section"],
            row["name"],
            Sample(tuple(row["measured"]["millis"])),
            None if row["floor"] is None else Sample(tuple(row["floor"]["millis"])),
            row["note"],
        )
        for row in result["rows"]
    ]
    return rows, result["facts"]


@dataclass(frozen=True)
class Engine:
    """Where an engine holds each size of hub, and what the report calls it."""

    name: str
    about: str
    hub: Callable[[Size], HubDatabase]


@dataclass(frozen=True)
class Result:
    rows: list[Row]
    facts: dict[str, object]
    growth: str


def grown(engine: Engine, name: str) -> list[Row]:
    """The store reads on a hub of another size, for the growth table."""
    size = SIZES[name]
    print(f"store, {name} hub ({size.profiles:,} profiles, {size.gigs:,} gigs):", flush=True)
    database = engine.hub(size)
    asyncio.run(migrate(database))
    return asyncio.run(store_bench.run(database, Budget(SECONDS[name] * 2, 500)))


def benchmark(engine: Engine, size: Size, options: argparse.Namespace) -> Result:
    """Every benchmark on one engine."""
    seconds, began = SECONDS[size.name], time.perf_counter()
    print(f"engine: {engine.about}", flush=True)
    database = engine.hub(size)
    facts: dict[str, object] = {
        "schema migration on the cached hub (s)": round(asyncio.run(migrate(database)), 2)
    }
    print("store:", flush=True)
    rows = asyncio.run(store_bench.run(database, Budget(seconds, 500)))
    growth = ""
    if size.name == "full" and not options.no_growth:
        by_size = {name: grown(engine, name) for name in ("small", "medium")}
        by_size["full"] = rows
        growth = growth_table(by_size)
    print("writes:", flush=True)
    rows += asyncio.run(write_bench.run(database, Budget(seconds, 500)))
    print("web:", flush=True)
    rows += asyncio.run(web_bench.run(database, Budget(seconds, 500)))
    print("automod:", flush=True)
    rows += asyncio.run(automod_bench.run(Budget(seconds, 500)))
    if not options.no_e2e:
        print("end to end:", flush=True)
        e2e_rows, e2e_facts = end_to_end(database, seconds)
        rows += e2e_rows
        facts.update(e2e_facts)
    facts[f"{engine.name}'s part of the run (s)"] = round(time.perf_counter() - began)
    return Result(rows, facts, growth)


def reported(engine: Engine, result: Result) -> list[str]:
    growth = ["", "How each store read grows with the hub:", "", result.growth]
    return [
        f"## {engine.name}: {engine.about}",
        "",
        table(result.rows),
        "",
        *(f"- {name}: {value}" for name, value in result.facts.items()),
        *(growth if result.growth else []),
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--engine",
        choices=(*ENGINES, "both"),
        default="sqlite",
        help="the store's engine; both: each in turn, and a table of the two side by side",
    )
    parser.add_argument("--no-e2e", action="store_true", help="the store benchmarks only")
    parser.add_argument(
        "--no-growth", action="store_true", help="at full size, skip the small and medium hubs"
    )
    options = parser.parse_args()
    size = SIZES[options.size]
    about = machine()
    began = time.perf_counter()
    print(f"Mozaik benchmarks, {size.name}: {size.profiles:,} profiles, {size.gigs:,} gigs")
    print(f"machine: {about}", flush=True)
    chosen = ENGINES if options.engine == "both" else (options.engine,)
    results: dict[str, tuple[Engine, Result]] = {}
    with contextlib.ExitStack() as stack:
        for name in chosen:
            engine = _engine(name, options.seed, stack)
            results[name] = engine, benchmark(engine, size, options)
    lines = [
        f"Size: {size.name} ({size.profiles:,} profiles, {size.gigs:,} gigs, "
        f"{size.requests:,} collaboration requests), seed {options.seed}",
        f"Machine: {about}",
        "",
    ]
    if len(results) > 1:
        by_engine = {name: result.rows for name, (_, result) in results.items()}
        lines += ["## The engines side by side", "", engines_table(by_engine), ""]
    for engine, result in results.values():
        lines += reported(engine, result)
    lines += [
        f"- whole run (s): {round(time.perf_counter() - began)}",
        "- load average at the end: " + ", ".join(f"{value:.2f}" for value in os.getloadavg()),
    ]
    report = "\n".join(lines)
    print()
    print(report)
    DATA.mkdir(exist_ok=True)
    # The SQLite run keeps its file's name of before; another engine's run is named after it.
    suffix = "" if options.engine == "sqlite" else f"-{options.engine}"
    (DATA / f"last-run-{size.name}{suffix}.md").write_text(report + "\n", encoding="utf-8")
    refused = {name: result.facts.get(REFUSALS, "0") for name, (_, result) in results.items()}
    if any(count != "0" for count in refused.values()):
        # A request Discord would refuse is a bug, and figures measured around it are not
        # Discord's: the run fails, its report kept for reading.
        print(f"\nthe sandbox refused requests ({REFUSALS}: {refused}); see 'refused:' above")
        raise SystemExit(1)


def _engine(name: str, seed: int, stack: contextlib.ExitStack) -> Engine:
    """The engine, its server started (until `stack` closes) when it needs one."""
    if name == "sqlite":
        return Engine(name, f"SQLite {sqlite3.sqlite_version}", lambda size: ensure_hub(size, seed))
    server = stack.enter_context(postgres_server.running())
    return Engine(
        name, postgres_server.described(), lambda size: server.load(ensure_hub(size, seed))
    )


if __name__ == "__main__":
    main()
