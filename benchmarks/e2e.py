"""End to end: the real bot in the sandbox, on a copy of a generated hub, driven by members.

Each figure is the time from dispatching an interaction to the bot's callback reaching the
sandbox ("callback"), and for commands that defer first, to their follow-up or edit ("answer").
The floors are the benchmark's own `/bench constant` and `/bench deferred` (constant_reply.py),
measured in the same run. It runs in a process of its own, so its peak RSS is the bot's (with the
sandbox and this driver in the same process: an upper bound), not the generator's.

    .venv/bin/python -m benchmarks.e2e --db benchmarks/data/hub-small-seed1.db --out result.json
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import resource
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.hub import GUILD_ID, NOW
from benchmarks.store_bench import skills_by_popularity
from benchmarks.timing import Row, Sample
from bot.clock import ManualClock
from bot.config import Settings
from bot.digest.store import runs as digest_store
from bot.hubs.store import save_hub
from bot.intros.store.people import find_page
from bot.sandbox import Member, Message, Sandbox
from bot.skills import Taxonomy
from bot.store import Store

SECTION = "end to end"
CONCURRENCY = (1, 10, 50)
ASKERS = 50
Timed = tuple[float, float | None]  # callback ms, answer ms (None: answered in the callback)
Action = Callable[[int, Member], Awaitable[Timed]]


def resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def people_shown(path: Path, queries: list[list[str]]) -> set[int]:
    """The members /intro find shows on the first page of each query: they must be in the guild,
    or the bot (rightly) takes them for people who left and hides them."""
    shown: set[int] = set()
    async with Store.open(path) as store:
        for skills in queries:
            page = await find_page(store, GUILD_ID, skills)
            shown |= {person.user_id for person in page.people}
    return shown


def with_id(discord: Sandbox, wanted: int) -> None:
    """Make the sandbox's next snowflake `wanted`: the generated hub's ids lie in 2035, after any
    id the sandbox would make by itself, so its guild and members can have the hub's ids."""
    discord.world.ids._last = wanted - 1  # the benchmark's only reach inside the sandbox


async def run(path: Path, seconds: float) -> tuple[list[Row], dict[str, float | str]]:
    async with Store.open(path) as store:
        popular = await skills_by_popularity(store)
    names = Taxonomy.shipped()
    common, middling, rare = popular[0], popular[len(popular) // 10], popular[len(popular) * 3 // 4]
    skill_names = [names.get(slug).name("en") for slug in (common, middling, rare)]  # type: ignore[union-attr]
    find_queries = [[common], [middling], [common, middling]]
    shown = await people_shown(path, find_queries)

    workdir = Path(tempfile.mkdtemp(prefix="mozaik-bench-"))
    database = workdir / "mozaik.db"
    await asyncio.to_thread(shutil.copy, path, database)
    settings = Settings(database=database, log_level="WARNING")
    facts: dict[str, float | str] = {}
    rows: list[Row] = []
    try:
        # No request checks against the OpenAPI schemas: Discord validates on its own servers,
        # and here the checks would share the bot's CPU (the test suite keeps them on).
        async with Sandbox(spec=None, answer_timeout=60.0, ready_timeout=120.0) as discord:
            with_id(discord, GUILD_ID)
            hub = discord.add_guild("Hub", channels=("general", "gigs", "digest"))
            assert hub.id == GUILD_ID
            for user_id in sorted(shown):
                with_id(discord, user_id)
                hub.add_member(f"member{user_id}")
            with_id(discord, GUILD_ID + 1_000_000)
            askers = [hub.add_member(f"asker{n}") for n in range(ASKERS)]
            facts["rss before the bot (MB)"] = round(resident_mb(), 1)
            started = time.perf_counter()
            async with discord.run_bot(settings, clock=ManualClock(NOW)) as bot:
                facts["bot start (s)"] = round(time.perf_counter() - started, 2)
                facts["rss once the bot is ready (MB)"] = round(resident_mb(), 1)
                await bot.load_extension("benchmarks.constant_reply")
                await bot.tree.sync()
                rows += await _interactions(
                    discord, askers, skill_names, find_queries, names, seconds
                )
                facts["rss before the digest run (MB)"] = round(resident_mb(), 1)
                facts["peak rss before the digest run (MB)"] = round(peak_mb(), 1)
                digest, lag = await _digest_run(bot, discord, hub, askers)
                facts["digest run, busy week (s)"] = digest
                facts["event loop's largest lag during the digest (ms)"] = lag
                facts["peak rss, whole process (MB)"] = round(peak_mb(), 1)
                facts["rss after the run (MB)"] = round(resident_mb(), 1)
                facts["sandbox refusals"] = str(len(discord.violations))
                for violation in discord.violations[:5]:
                    print(f"  refused: {violation}")
                discord.take_violations()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return rows, facts


async def _interactions(
    discord: Sandbox,
    askers: list[Member],
    skill_names: list[str],
    find_queries: list[list[str]],
    taxonomy: Taxonomy,
    seconds: float,
) -> list[Row]:
    words = ["logo", "react developer", "wedding bandung"]
    typed = ["py", "desain", "mar", skill_names[1][:3]]
    find_names = [[taxonomy.get(s).name("en") for s in q] for q in find_queries]  # type: ignore[union-attr]
    # Each asker's own /gig list result, whose Next button they keep pressing.
    boards = {
        asker.id: await _answer_message(discord, asker, "gig list", skill=skill_names[0])
        for asker in askers
    }

    async def slash(asker: Member, command: str, **options: object) -> Timed:
        start = time.perf_counter()
        reply = await discord.slash(asker, command, **options)
        callback = _ms(start)
        if not reply.deferred:
            return callback, None
        await reply.wait_followup()
        return callback, _ms(start)

    async def autocomplete(n: int, asker: Member) -> Timed:
        start = time.perf_counter()
        await discord.autocomplete(asker, "gig list", "skill", typed[n % len(typed)])
        return _ms(start), None

    async def turn_page(n: int, asker: Member) -> Timed:
        # Onwards while there is a next page, then back: a small hub has only a few pages.
        board = boards[asker.id]
        label = "Next" if _enabled(board, "Next") else "Previous"
        start = time.perf_counter()
        reply = await discord.click(asker, board, label)
        callback = _ms(start)
        await reply.wait_followup()
        return callback, _ms(start)

    def find_options(n: int) -> dict[str, object]:
        chosen = find_names[n % len(find_names)]
        return {"skill": chosen[0], **({"skill2": chosen[1]} if len(chosen) > 1 else {})}

    actions: dict[str, Action] = {
        "/bench constant (floor)": lambda n, a: slash(a, "bench constant"),
        "/bench deferred (floor)": lambda n, a: slash(a, "bench deferred"),
        "/gig list skill:…": lambda n, a: slash(a, "gig list", skill=skill_names[n % 3]),
        "/gig search": lambda n, a: slash(a, "gig search", query=words[n % len(words)]),
        "/intro find": lambda n, a: slash(a, "intro find", **find_options(n)),
        "skill autocomplete": autocomplete,
        "button: next page": turn_page,
    }
    rows: list[Row] = []
    for concurrency in CONCURRENCY:
        timed = {
            name: await _under_load(action, askers, concurrency, seconds)
            for name, action in actions.items()
        }
        constant = _sample(timed["/bench constant (floor)"], answer=False)
        deferred = _sample(timed["/bench deferred (floor)"], answer=True)
        for name, results in timed.items():
            label = f"{name} @{concurrency}"
            rows.append(Row(SECTION, f"{label} callback", _sample(results, answer=False), constant))
            if results[0][1] is not None:
                rows.append(
                    Row(SECTION, f"{label} answer", _sample(results, answer=True), deferred)
                )
        print(f"  concurrency {concurrency} done", flush=True)
    return rows


async def _under_load(
    action: Action, askers: list[Member], concurrency: int, seconds: float
) -> list[Timed]:
    """`concurrency` members acting at once, each again as soon as answered, for `seconds`
    (at least 20 answers in all), after a short warm-up."""
    for n in range(2):
        await action(n, askers[n])
    results: list[Timed] = []
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    async def member(asker: Member) -> None:
        while time.perf_counter() < deadline or len(results) < 20:
            results.append(await action(next(counter), asker))

    await asyncio.gather(*(member(asker) for asker in askers[:concurrency]))
    return results


async def _answer_message(
    discord: Sandbox, asker: Member, command: str, **options: object
) -> Message:
    reply = await discord.slash(asker, command, **options)
    message = await reply.wait_followup() if reply.deferred else reply.message
    assert message is not None
    return message


async def _largest_lag(stop: asyncio.Event) -> float:
    """The longest the event loop kept a 1 ms sleep waiting beyond its time, until `stop`, in ms:
    how long something held the loop (the bot's work and the sandbox's, which shares it)."""
    worst = 0.0
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(0.001)
        worst = max(worst, time.perf_counter() - start - 0.001)
    return round(worst * 1000, 1)


async def _digest_run(
    bot: object, discord: Sandbox, hub: object, askers: list[Member]
) -> tuple[float, float]:
    """One full weekly run at its due time: the week read, composed, posted with its chart, and
    each of ten subscribers' own message sent; seconds taken, and the loop's largest lag."""
    from bot.app import Mozaik

    assert isinstance(bot, Mozaik)
    cog: Any = bot.get_cog("DigestCog")  # the loaded extension's class, not an imported twin
    settings = replace(
        await bot.hub(GUILD_ID),
        digest_channel_id=discord.world.guilds[GUILD_ID].channel("digest").id,
        timezone="UTC",
        digest_weekday=NOW.weekday(),
        digest_time=NOW.strftime("%H:%M"),
    )
    settings = await save_hub(bot.store, settings, NOW - timedelta(days=1))
    for asker in askers[:10]:
        await digest_store.subscribe(bot.store, GUILD_ID, asker.id, "en", NOW - timedelta(days=1))
    stop = asyncio.Event()
    lag = asyncio.create_task(_largest_lag(stop))
    start = time.perf_counter()
    result = await cog.run_digest(settings, NOW)
    elapsed = time.perf_counter() - start
    stop.set()
    print(f"  digest run: {result.outcome} in {elapsed:.2f} s", flush=True)
    return round(elapsed, 3), await lag


def _enabled(message: Message, label: str) -> bool:
    return any(
        component.get("label") == label and not component.get("disabled", False)
        for row in message.components
        for component in row.get("components", [])
    )


def _sample(results: list[Timed], *, answer: bool) -> Sample:
    return Sample(tuple((r[1] if answer and r[1] is not None else r[0]) for r in results))


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=2.0, help="per benchmark and concurrency")
    options = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    rows, facts = asyncio.run(run(options.db, options.seconds))
    options.out.write_text(json.dumps({"rows": [asdict(row) for row in rows], "facts": facts}))


if __name__ == "__main__":
    main()
