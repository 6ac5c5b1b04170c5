"""Mozaik at the size of a large hub: the store's reads and the bot end to end, against floors
measured in the same run.

    .venv/bin/python -m benchmarks --size small     # 1k profiles, 10k gigs: about a minute
    .venv/bin/python -m benchmarks --size full      # 100k profiles, 1M gigs: about 5 minutes

The generated hub is cached in benchmarks/data/ (by size and seed); the table is printed and
written to benchmarks/data/last-run-<size>.md. At full size the store reads also run on the
small and medium hubs, for a table of how each read grows with the hub.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import automod_bench, store_bench, web_bench, write_bench
from benchmarks.hub import DATA, SIZES, ensure_hub
from benchmarks.timing import Budget, Row, Sample, growth_table, table
from bot.store import Store

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


async def migrate(path: Path) -> float:
    """Bring a cached hub up to the current schema, as the bot would on start; seconds taken."""
    started = time.perf_counter()
    async with Store.open(path):
        pass
    return time.perf_counter() - started


def end_to_end(path: Path, seconds: float) -> tuple[list[Row], dict[str, object]]:
    """The end-to-end benchmarks in a process of their own, so its peak RSS is the bot's."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "e2e.json"
        command = [sys.executable, "-m", "benchmarks.e2e", "--db", str(path), "--out", str(out)]
        subprocess.run([*command, "--seconds", str(seconds)], check=True)
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


def grown(name: str, seed: int) -> list[Row]:
    """The store reads on a hub of another size, for the growth table."""
    size = SIZES[name]
    print(f"store, {name} hub ({size.profiles:,} profiles, {size.gigs:,} gigs):", flush=True)
    path = ensure_hub(size, seed)
    asyncio.run(migrate(path))
    return asyncio.run(store_bench.run(path, Budget(SECONDS[name] * 2, 500)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-e2e", action="store_true", help="the store benchmarks only")
    parser.add_argument(
        "--no-growth", action="store_true", help="at full size, skip the small and medium hubs"
    )
    options = parser.parse_args()
    size, seconds = SIZES[options.size], SECONDS[options.size]
    about = machine()
    began = time.perf_counter()
    print(f"Mozaik benchmarks, {size.name}: {size.profiles:,} profiles, {size.gigs:,} gigs")
    print(f"machine: {about}", flush=True)
    path = ensure_hub(size, options.seed)
    facts: dict[str, object] = {
        "schema migration on the cached hub (s)": round(asyncio.run(migrate(path)), 2)
    }
    print("store:", flush=True)
    rows = asyncio.run(store_bench.run(path, Budget(seconds, 500)))
    growth = ""
    if options.size == "full" and not options.no_growth:
        by_size = {name: grown(name, options.seed) for name in ("small", "medium")}
        by_size["full"] = rows
        growth = growth_table(by_size)
    print("writes:", flush=True)
    rows += asyncio.run(write_bench.run(path, Budget(seconds, 500)))
    print("web:", flush=True)
    rows += asyncio.run(web_bench.run(path, Budget(seconds, 500)))
    print("automod:", flush=True)
    rows += asyncio.run(automod_bench.run(Budget(seconds, 500)))
    if not options.no_e2e:
        print("end to end:", flush=True)
        e2e_rows, e2e_facts = end_to_end(path, seconds)
        rows += e2e_rows
        facts.update(e2e_facts)
    facts["whole run (s)"] = round(time.perf_counter() - began)
    facts["load average at the end"] = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    report = "\n".join(
        [
            f"Size: {size.name} ({size.profiles:,} profiles, {size.gigs:,} gigs, "
            f"{size.requests:,} collaboration requests), seed {options.seed}",
            f"Machine: {about}",
            "",
            table(rows),
            "",
            *(f"- {name}: {value}" for name, value in facts.items()),
            *(["", "How each store read grows with the hub:", "", growth] if growth else []),
        ]
    )
    print()
    print(report)
    DATA.mkdir(exist_ok=True)
    (DATA / f"last-run-{size.name}.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
