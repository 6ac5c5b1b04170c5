"""A hub on the public board for the web tests: gigs and profiles written through the stores,
as the bot writes them, and an aiohttp client on the board's real application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.clock import ManualClock
from bot.config import HubDefaults, Settings, WebSettings
from bot.gigs.curation import GigAction
from bot.gigs.expiry import approval_changes
from bot.gigs.model import Compensation, Engagement, Gig, LocationType, PayPeriod
from bot.gigs.store.records import act, create_gig
from bot.hubs.model import HubSettings, default_hub
from bot.hubs.store import save_hub
from bot.hubs.web_store import save_hub_web
from bot.intros.model import Availability, ProfileContent
from bot.intros.store.profiles import save_profile
from bot.intros.store.public import set_public
from bot.store import Store
from bot.web.server import web_application
from tests.gigs.factories import NOW, terms

GUILD = 7001
MODERATOR = 9001
ROOT = "https://jobs.example.org"


@dataclass
class Board:
    store: Store
    client: TestClient
    clock: ManualClock
    hub: HubSettings

    def path(self, tail: str = "") -> str:
        return f"/hubs/{GUILD}{tail}"

    async def get(self, tail: str = "", **headers: str):
        return await self.client.get(self.path(tail), headers=headers, allow_redirects=False)

    async def gig(self, poster: int, **changes: object) -> Gig:
        """A gig the poster posted and a moderator approved a minute later."""
        self.clock.advance(timedelta(minutes=1))
        now = self.clock.now()
        gig = await create_gig(
            self.store, guild_id=GUILD, poster_id=poster, terms=terms(**changes), now=now
        )
        columns = approval_changes(gig, self.hub, now)
        return await act(self.store, gig.id, GigAction.APPROVE, MODERATOR, now, columns=columns)

    async def close(self, gig: Gig, action: GigAction = GigAction.CLOSE) -> Gig:
        self.clock.advance(timedelta(minutes=1))
        return await act(self.store, gig.id, action, gig.poster_id, self.clock.now())

    async def member(self, user_id: int, name: str, *, public: bool, **content: object) -> None:
        profile = ProfileContent(
            headline=str(content.get("headline", f"{name} builds shops")),
            about="Private words about me.",
            skills=tuple(content.get("skills", ("python",))),  # type: ignore[arg-type]
            links=tuple(content.get("links", (f"https://{name}.example.com",))),  # type: ignore[arg-type]
            availability=Availability.OPEN_TO_WORK,
        )
        now = self.clock.now()
        await save_profile(
            self.store, GUILD, user_id, profile, display_name=name, locale="en", now=now
        )
        if public:
            assert await set_public(self.store, GUILD, user_id, True, now)

    async def turn_web(self, public: bool, name: str = "Kopi Makers") -> None:
        await save_hub_web(self.store, GUILD, public=public, name=name, now=self.clock.now())


@asynccontextmanager
async def a_board(
    database: Path, *, locale: str = "en", public: bool = True
) -> AsyncIterator[Board]:
    settings = Settings(database=database, web=WebSettings(enabled=True, base_url=ROOT))
    clock = ManualClock(NOW)
    async with Store.open(database) as store:
        hub = replace(default_hub(GUILD, HubDefaults()), locale=locale, timezone="Asia/Jakarta")
        hub = await save_hub(store, hub, NOW)
        await save_hub_web(store, GUILD, public=public, name="Kopi Makers", now=NOW)
        server = TestServer(web_application(store, settings, clock))
        async with TestClient(server) as client:
            yield Board(store, client, clock, hub)


def a_pay(
    minimum: int, maximum: int | None, period: PayPeriod, currency: str = "IDR"
) -> Compensation:
    return Compensation(
        currency, Decimal(minimum), None if maximum is None else Decimal(maximum), period
    )


__all__ = ["Engagement", "LocationType", "a_board", "a_pay"]
