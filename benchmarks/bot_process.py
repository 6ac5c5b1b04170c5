"""The bot in a process of its own, against a sandbox in another: how the end-to-end benchmark
measures the bot's own memory, and the bot's own event loop during a digest.

    .venv/bin/python -m benchmarks.bot_process --db PATH --api URL --gateway URL --token TOKEN

Once connected, with the benchmark's floor commands loaded and synced, it writes one JSON line
to its output, {"rss", "heap", "files", "peak"} in MB, then answers one JSON request per input
line with one JSON line: {"do": "memory"} with the same, {"do": "digest", "channel": id,
"subscribers": [ids]} with one weekly run's {"outcome", "seconds", "lag_ms", "direct_messages"}
and "idle_lag_ms", the loop's largest lag over IDLE_SECONDS just before, with nothing asked of
the bot: what the machine alone imposes.
It stops at the end of its input.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import resource
import sys
import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

from benchmarks.hub import GUILD_ID, NOW
from bot.app import Mozaik, open_bot
from bot.clock import ManualClock
from bot.config import Settings
from bot.database import parse_database
from bot.digest.store import runs as digest_store
from bot.hubs.store import save_hub
from bot.sandbox.redirect import discord_py_redirected, shorten_ready_wait


def resident_mb(kind: str = "VmRSS") -> float:
    """The process's resident memory: all of it, or "RssAnon" (its heap) or "RssFile" (files
    mapped, such as SQLite's shared-memory index and the libraries)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{kind}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory() -> dict[str, float]:
    return {
        "rss": round(resident_mb(), 1),
        "heap": round(resident_mb("RssAnon"), 1),
        "files": round(resident_mb("RssFile"), 1),
        "peak": round(peak_mb(), 1),
    }


async def largest_lag(stop: asyncio.Event) -> float:
    """The longest the event loop kept a 1 ms sleep waiting beyond its time, until `stop`, in ms:
    how long something held the loop."""
    worst = 0.0
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(0.001)
        worst = max(worst, time.perf_counter() - start - 0.001)
    return round(worst * 1000, 1)


IDLE_SECONDS = 3.0


async def idle_lag() -> float:
    """The loop's largest lag over IDLE_SECONDS while the bot is asked nothing, in ms."""
    stop = asyncio.Event()
    lag = asyncio.create_task(largest_lag(stop))
    await asyncio.sleep(IDLE_SECONDS)
    stop.set()
    return await lag


async def digest_run(bot: Mozaik, channel_id: int, subscribers: list[int]) -> dict[str, Any]:
    """One full weekly run at its due time: the week read, composed, posted with its chart, and
    each subscriber's own message composed and owed to the outbox (its drain sends them after);
    seconds taken, and the loop's largest lag meanwhile."""
    cog: Any = bot.get_cog("DigestCog")  # the loaded extension's class, not an imported twin
    settings = replace(
        await bot.hub(GUILD_ID),
        digest_channel_id=channel_id,
        timezone="UTC",
        digest_weekday=NOW.weekday(),
        digest_time=NOW.strftime("%H:%M"),
    )
    settings = await save_hub(bot.store, settings, NOW - timedelta(days=1))
    for user_id in subscribers:
        await digest_store.subscribe(bot.store, GUILD_ID, user_id, "en", NOW - timedelta(days=1))
    idle = await idle_lag()
    stop = asyncio.Event()
    lag = asyncio.create_task(largest_lag(stop))
    start = time.perf_counter()
    result = await cog.run_digest(settings, NOW)
    elapsed = time.perf_counter() - start
    stop.set()
    return {
        "outcome": str(result.outcome),
        "seconds": round(elapsed, 3),
        "lag_ms": await lag,
        "idle_lag_ms": idle,
        "direct_messages": result.direct_messages,
    }


async def serve(settings: Settings, api: str, gateway: str, token: str) -> None:
    with discord_py_redirected(api, gateway):
        async with open_bot(settings, clock=ManualClock(NOW)) as bot:
            shorten_ready_wait(bot)
            await bot.login(token)
            running = asyncio.create_task(bot.connect(), name="benchmark-bot")
            await bot.wait_until_ready()
            await bot.load_extension("benchmarks.constant_reply")
            await bot.tree.sync()
            _answer(memory())
            while line := await asyncio.to_thread(sys.stdin.readline):
                request = json.loads(line)
                if request["do"] == "digest":
                    _answer(await digest_run(bot, request["channel"], request["subscribers"]))
                else:
                    _answer(memory())
            await bot.close()
            await running


def _answer(answer: dict[str, Any]) -> None:
    print(json.dumps(answer), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=parse_database, required=True, help="a file or a URL")
    parser.add_argument("--api", required=True)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--token", required=True)
    options = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)  # to stderr: the output is the answers
    settings = Settings(database=options.db, log_level="WARNING")
    asyncio.run(serve(settings, options.api, options.gateway, options.token))


if __name__ == "__main__":
    main()
