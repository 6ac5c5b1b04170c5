"""The public board (bot/web) on a copy of the hub, through aiohttp's client on a real socket:
the board's first page, a skill's board, a gig's page and the RSS feed, each rendered and as a
304 for a reader whose copy is current. The floor of each is its store read alone (the board
read, or the gig), so the ratio is what the web adds: the request, the hub's checks, rendering
and the tag."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from benchmarks.databases import UNPORTED, HubDatabase, reason, scratch_copy
from benchmarks.hub import GUILD_ID, NOW
from benchmarks.timing import Budget, Row, measure_async
from bot.clock import ManualClock
from bot.config import HubDefaults, Settings, WebSettings
from bot.database import parse_database
from bot.gigs.search import GigFilters
from bot.gigs.store.board import board
from bot.gigs.store.records import get_gig
from bot.hubs.model import default_hub
from bot.hubs.store import save_hub
from bot.hubs.web_store import save_hub_web
from bot.store import Store
from bot.web.pages import PAGE_SIZE
from bot.web.server import web_application

SECTION = "web"


async def _busiest(store: Store) -> tuple[str, int]:
    """The skill most gigs ask for, and the newest published gig."""
    most = await store.fetch_one(
        "SELECT skill FROM board_skills WHERE guild_id = ? GROUP BY skill"
        " ORDER BY COUNT(*) DESC LIMIT 1",
        (GUILD_ID,),
    )
    newest = await store.fetch_one(
        "SELECT id FROM gigs WHERE guild_id = ? AND status = 'approved'"
        " ORDER BY published_at DESC LIMIT 1",
        (GUILD_ID,),
    )
    assert most is not None and newest is not None
    return most[0], newest[0]


async def run(database: HubDatabase, budget: Budget) -> list[Row]:
    rows = []
    async with scratch_copy(database) as copy, Store.open(copy) as store:
        skill, gig = await _busiest(store)
        settings = Settings(database=parse_database(copy), web=WebSettings(enabled=True))
        await save_hub(store, default_hub(GUILD_ID, HubDefaults()), NOW)
        await save_hub_web(store, GUILD_ID, public=True, name="Benchmark hub", now=NOW)
        clock = ManualClock(NOW)
        server = TestServer(web_application(store, settings, clock))
        async with TestClient(server) as client:
            base = f"/hubs/{GUILD_ID}"
            cases = [
                ("board, first page", f"{base}/gigs", GigFilters()),
                ("board, busiest skill", f"{base}/gigs?skill={skill}", GigFilters(skill=skill)),
                ("RSS feed", f"{base}/gigs.rss", GigFilters()),
                ("gig page", f"{base}/gigs/{gig}", None),
            ]
            for name, url, filters in cases:

                async def read_store(f: GigFilters | None = filters) -> None:
                    if f is None:
                        await get_gig(store, gig)
                    else:
                        await board(store, GUILD_ID, f, NOW, limit=PAGE_SIZE, offset=0)

                try:
                    floor = await measure_async(read_store, budget)
                except UNPORTED as error:
                    print(f"  {name}: skipped on {store.dialect}: {reason(error)}", flush=True)
                    continue
                first = await client.get(url)
                assert first.status == 200, (url, first.status)
                tag = first.headers["ETag"]
                for how, headers in (("rendered", {}), ("304", {"If-None-Match": tag})):

                    async def fetch(u: str = url, h: dict[str, str] = headers) -> None:
                        answer = await client.get(u, headers=h)
                        await answer.read()
                        assert answer.status in (200, 304)

                    sample = await measure_async(fetch, budget)
                    print(f"  {name}, {how}: p95 {sample.p95:.2f} ms", flush=True)
                    note = "floor: the gig read" if filters is None else "floor: the board read"
                    rows.append(Row(SECTION, f"{name}, {how}", sample, floor, note))
    return rows
