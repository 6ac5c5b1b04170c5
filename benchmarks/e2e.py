"""End to end: the real bot in the sandbox, on a copy of a generated hub, driven by members.

Each figure is the time from dispatching an interaction to the bot's callback reaching the
sandbox ("callback"), and for commands that defer first, to their follow-up or edit ("answer").
The floors are the benchmark's own `/bench constant` and `/bench deferred` (constant_reply.py),
measured in the same run. The sandbox and this driver run in one process, the bot in another
(benchmarks/bot_process.py), so the bot's memory and its event loop's lag are its own.

    .venv/bin/python -m benchmarks.e2e --db benchmarks/data/hub-small-seed1.db --out result.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.bot_process import peak_mb
from benchmarks.databases import HubDatabase, hub_database, scratch_copy
from benchmarks.hub import GUILD_ID
from benchmarks.store_bench import skills_by_popularity
from benchmarks.timing import Row, Sample
from bot.intros.store.people import find_page
from bot.sandbox import Channel, Member, Message, Sandbox
from bot.skills import Taxonomy
from bot.store import Store

SECTION = "end to end"
CONCURRENCY = (1, 10, 50)
ASKERS = 50
SUBSCRIBERS = 10
# The fact that says how many requests the sandbox refused: above 0 the run fails.
REFUSALS = "sandbox refusals"
Timed = tuple[float, float | None]  # callback ms, answer ms (None: answered in the callback)
Action = Callable[[int, Member], Awaitable[Timed]]


class BotProcess:
    """The bot running in a child process (benchmarks/bot_process.py) against this sandbox."""

    def __init__(self, child: asyncio.subprocess.Process, ready: dict[str, Any]) -> None:
        self._child = child
        self.ready = ready

    @classmethod
    @contextlib.asynccontextmanager
    async def start(cls, discord: Sandbox, database: HubDatabase) -> AsyncIterator[BotProcess]:
        child = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "benchmarks.bot_process", "--db", str(database)),
            *("--api", discord.api_base, "--gateway", discord.gateway_url),
            *("--token", discord.token),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            bot = cls(child, await cls._read(child))
            yield bot
        finally:
            assert child.stdin is not None
            child.stdin.close()
            await child.wait()

    async def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self._child.stdin is not None
        self._child.stdin.write(json.dumps(request).encode() + b"\n")
        await self._child.stdin.drain()
        return await self._read(self._child)

    @staticmethod
    async def _read(child: asyncio.subprocess.Process) -> dict[str, Any]:
        assert child.stdout is not None
        line = await child.stdout.readline()
        if not line:
            raise RuntimeError(f"the bot's process ended (exit status {await child.wait()})")
        answer: dict[str, Any] = json.loads(line)
        return answer


async def people_shown(database: HubDatabase, queries: list[list[str]]) -> set[int]:
    """The members /intro find shows on the first page of each query: they must be in the guild,
    or the bot (rightly) takes them for people who left and hides them."""
    shown: set[int] = set()
    async with Store.open(database) as store:
        for skills in queries:
            page = await find_page(store, GUILD_ID, skills)
            shown |= {person.user_id for person in page.people}
    return shown


def with_id(discord: Sandbox, wanted: int) -> None:
    """Make the sandbox's next snowflake `wanted`: the generated hub's ids lie in 2035, after any
    id the sandbox would make by itself, so its guild and members can have the hub's ids."""
    discord.world.ids._last = wanted - 1  # the benchmark's only reach inside the sandbox


async def run(source: HubDatabase, seconds: float) -> tuple[list[Row], dict[str, float | str]]:
    async with Store.open(source) as store:
        popular = await skills_by_popularity(store)
    names = Taxonomy.shipped()
    common, middling, rare = popular[0], popular[len(popular) // 10], popular[len(popular) * 3 // 4]
    skill_names = [names.get(slug).name("en") for slug in (common, middling, rare)]  # type: ignore[union-attr]
    find_queries = [[common], [middling], [common, middling]]
    shown = await people_shown(source, find_queries)

    facts: dict[str, float | str] = {}
    rows: list[Row] = []
    # No request checks against the OpenAPI schemas: Discord validates on its own servers,
    # and here the checks would share the machine's CPU (the test suite keeps them on).
    async with (
        scratch_copy(source) as database,
        Sandbox(spec=None, answer_timeout=60.0, ready_timeout=120.0) as discord,
    ):
        with_id(discord, GUILD_ID)
        hub = discord.add_guild("Hub", channels=("general", "gigs", "digest"))
        assert hub.id == GUILD_ID
        for user_id in sorted(shown):
            with_id(discord, user_id)
            hub.add_member(f"member{user_id}")
        with_id(discord, GUILD_ID + 1_000_000)
        askers = [hub.add_member(f"asker{n}") for n in range(ASKERS)]
        started = time.perf_counter()
        async with BotProcess.start(discord, database) as bot:
            facts["bot start (s)"] = round(time.perf_counter() - started, 2)
            facts["bot's rss once ready (MB)"] = bot.ready["rss"]
            rows += await _interactions(discord, askers, skill_names, find_queries, names, seconds)
            before = await bot.ask({"do": "memory"})
            facts["bot's rss before the digest run (MB)"] = before["rss"]
            facts["of which heap / mapped files (MB)"] = f"{before['heap']} / {before['files']}"
            facts["bot's peak rss before the digest run (MB)"] = before["peak"]
            channel = hub.channel("digest")
            answered = asyncio.Event()
            watching = asyncio.create_task(_last_post(discord, channel, answered))
            digest = await bot.ask(
                {
                    "do": "digest",
                    "channel": channel.id,
                    # Members with profiles, so that each is sent the week's gigs for them.
                    "subscribers": sorted(shown)[:SUBSCRIBERS],
                }
            )
            answered.set()
            after_post = time.perf_counter() - await watching
            print(f"  digest run: {digest['outcome']} in {digest['seconds']:.2f} s", flush=True)
            facts["digest run, busy week, until posted in its channel (s)"] = round(
                digest["seconds"] - after_post, 3
            )
            facts["digest run, the subscribers' direct messages included (s)"] = digest["seconds"]
            facts["subscribers sent their direct message"] = digest["direct_messages"]
            facts["event loop's largest lag during the digest (ms)"] = digest["lag_ms"]
            facts["event loop's largest lag idle, 3 s just before (ms)"] = digest["idle_lag_ms"]
            after = await bot.ask({"do": "memory"})
            facts["bot's peak rss, digest included (MB)"] = after["peak"]
            facts["bot's rss after the run (MB)"] = after["rss"]
            facts["sandbox and driver's peak rss (MB)"] = round(peak_mb(), 1)
            facts[REFUSALS] = str(len(discord.violations))
            for violation in discord.violations[:5]:
                print(f"  refused: {violation}")
            discord.take_violations()
    return rows, facts


async def _last_post(discord: Sandbox, channel: Channel, done: asyncio.Event) -> float:
    """When (perf_counter) the channel last got a message before `done` was set: the moment
    the digest's last part was posted, seen from the sandbox's side."""
    count, last = len(discord.messages(channel)), time.perf_counter()
    while not done.is_set():
        if len(discord.messages(channel)) != count:
            count, last = len(discord.messages(channel)), time.perf_counter()
        await asyncio.sleep(0.002)
    return last


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
    parser.add_argument("--db", type=hub_database, required=True, help="a file or a URL")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=2.0, help="per benchmark and concurrency")
    options = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    rows, facts = asyncio.run(run(options.db, options.seconds))
    options.out.write_text(json.dumps({"rows": [asdict(row) for row in rows], "facts": facts}))


if __name__ == "__main__":
    main()
