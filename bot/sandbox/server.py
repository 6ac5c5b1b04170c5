"""`Sandbox`: the local Discord a test talks to, and drives its members through.

One instance serves REST under `/api/v10` and the gateway at `/gateway` on 127.0.0.1 (a random
port), holds the world in memory, and offers the Python API documented in `bot.sandbox`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import discord
from aiohttp import web

from bot.sandbox import observers
from bot.sandbox import permissions as perms
from bot.sandbox.application import Application
from bot.sandbox.channels import Channel, ChannelType, Message
from bot.sandbox.commands import CommandRegistry
from bot.sandbox.errors import SandboxError
from bot.sandbox.faults import Fault, FaultPlan, Injection
from bot.sandbox.gateway import Gateway
from bot.sandbox.guild import Guild
from bot.sandbox.guilds import Guilds
from bot.sandbox.interactions import Interactions
from bot.sandbox.ledger import Exchange, Ledger, Traffic, Violation
from bot.sandbox.members import Actor, Member, User
from bot.sandbox.messages import ChannelMessages, MessageWriter, attachment_route
from bot.sandbox.pins import Pins
from bot.sandbox.ratelimits import DEFAULT_INVALID_SHARE, RateLimits
from bot.sandbox.redirect import discord_py_redirected, shorten_ready_wait
from bot.sandbox.replies import Choice, InteractionRecord, Reply
from bot.sandbox.responses import Responses
from bot.sandbox.rest import API_PREFIX, RequestChecks, RestApi
from bot.sandbox.spec import ApiSpec
from bot.sandbox.state import World
from bot.sandbox.threads import Threads

if TYPE_CHECKING:
    from bot.app import Mozaik
    from bot.clock import Clock
    from bot.config import Settings

ClientT = TypeVar("ClientT", bound=discord.Client)

MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class Sandbox:
    def __init__(
        self,
        *,
        spec: ApiSpec | Literal["standard"] | None = "standard",
        answer_timeout: float = 10.0,
        ready_timeout: float = 15.0,
        bot_name: str = "Mozaik",
        rate_scale: float = 1.0,
        invalid_request_share: float = DEFAULT_INVALID_SHARE,
        recommended_shards: int = 1,
        max_concurrency: int = 1,
    ) -> None:
        self.world = World(bot_name=bot_name)
        # The bot as the world made it, for good: the only token the sandbox accepts (never a
        # real one), and its user.
        self.token = self.world.token
        self.bot_user = self.world.bot_user
        self.add_guild = self.world.add_guild  # a guild, its roles, channels and owner
        self.ledger = Ledger()
        self.faults = FaultPlan()
        self.answer_timeout = answer_timeout
        self.ready_timeout = ready_timeout
        checks = RequestChecks(ApiSpec.load() if spec == "standard" else spec)
        self.limits = RateLimits(
            self.world.clock, scale=rate_scale, invalid_share=invalid_request_share
        )
        self.api = RestApi(
            token=self.world.token,
            ledger=self.ledger,
            faults=self.faults,
            checks=checks,
            limits=self.limits,
        )
        self._writer = MessageWriter(self.world)
        messages = ChannelMessages(self.world, self._writer, self.api)
        Threads(self.world, messages, self.api)
        Pins(self.world, messages, self.api)
        Guilds(self.world, self.api)
        self.commands = CommandRegistry(self.world, self.api)
        self.interactions = Interactions(self.world, self.commands, answer_timeout)
        Responses(self.world, self._writer, self.interactions, self.api)
        self.gateway = Gateway(self.world, self.ledger)
        self.interactions.delivery = self.gateway
        Application(
            self.world,
            self.api,
            self.gateway,
            recommended_shards=recommended_shards,
            max_concurrency=max_concurrency,
        )
        self.base_url = ""
        self.gateway_url = ""
        self.closed = False
        self._runner: web.AppRunner | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    async def __aenter__(self) -> Sandbox:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.api.handle)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_routes([attachment_route(self.world)])
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        self.gateway_url = f"ws://{host}:{port}/gateway"
        self.world.attachment_base = self.base_url
        self.gateway.url = self.gateway_url
        self.world.lag.start()
        observers.started(self)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
        await self.world.lag.stop()
        self.closed = True

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @contextlib.asynccontextmanager
    async def connect(self, client: ClientT, *, token: str | None = None) -> AsyncIterator[ClientT]:
        """Run any discord.py client against the sandbox until it is ready; close it on exit."""
        with discord_py_redirected(self.api_base, self.gateway_url):
            shorten_ready_wait(client)
            running = asyncio.create_task(client.start(token or self.token), name="sandbox-client")
            self.world.bots_in_loop += 1
            try:
                await self._wait_ready(client, running)
                yield client
            finally:
                self.world.bots_in_loop -= 1
                await client.close()
                with contextlib.suppress(asyncio.CancelledError):
                    await running

    async def _wait_ready(self, client: discord.Client, running: asyncio.Task[None]) -> None:
        try:
            await self.world.wait_until(
                lambda: client.is_ready() or running.done(), self.ready_timeout
            )
        except TimeoutError:
            raise SandboxError(f"the client was not ready within {self.ready_timeout} s") from None
        if running.done():
            running.result()  # raises what stopped the client (bad token, refused intents...)
            raise SandboxError("the client stopped before it was ready")

    @contextlib.asynccontextmanager
    async def run_bot(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        shards: Sequence[int] | None = None,
        shard_count: int | None = None,
    ) -> AsyncIterator[Mozaik]:
        """The real Mozaik, connected and with its commands registered; closed on exit.

        `shard_count` (with `shards`, the ids it serves: all of them if not given) runs it
        sharded, as `mozaik run --shards --shard-count` does. Leaving and entering again with the
        same settings (the same database) is a restart.
        """
        from bot.app import open_bot

        if shard_count is not None:
            ids = tuple(shards) if shards is not None else tuple(range(shard_count))
            settings = settings.model_copy(update={"shards": ids, "shard_count": shard_count})
        async with open_bot(settings, clock=clock) as bot, self.connect(bot) as running:
            if settings.shard_plan.holds_dm_shard:  # only shard 0's process registers them
                try:
                    await self.world.wait_until(self.commands.any_registered, self.ready_timeout)
                except TimeoutError:
                    raise SandboxError(
                        "the bot connected but never registered its commands"
                    ) from None
            yield running

    # -- the world -----------------------------------------------------------------------------

    def add_user(self, name: str, *, locale: str = "en-US", accepts_dms: bool = True) -> User:
        """A user in no guild (yet); `guild.add_member(user)` brings them in."""
        return self.world.add_user(name, locale=locale, accepts_dms=accepts_dms)

    def messages(self, channel: Channel) -> list[Message]:
        """The channel's visible messages, oldest first (ephemeral ones live on their `Reply`)."""
        return sorted(channel.messages.values(), key=lambda message: message.id)

    def dms(self, who: Member | User) -> list[Message]:
        """What the bot sent `who` in DMs, oldest first."""
        user = who.user if isinstance(who, Member) else who
        return self.messages(self.world.dm_channel(user))

    def threads(self, channel: Channel) -> list[Channel]:
        """Threads and forum posts started in `channel`, oldest first."""
        return sorted(
            (c for c in self.world.channels.values() if c.is_thread and c.parent is channel),
            key=lambda thread: thread.id,
        )

    def registered_commands(self, guild: Guild | None = None) -> list[dict[str, Any]]:
        """The command payloads Discord holds: global ones, plus `guild`'s own when given."""
        return [command.payload for command in self.commands.registered(guild)]

    def mention(self, command: str, guild: Guild | None = None) -> str:
        """How a message mentions `/command` ("gig post"): `</gig post:id>`, with the id of the
        registered top-level command."""
        top = command.split(" ")[0]
        [found] = [c for c in self.commands.registered(guild) if c.name == top]
        return f"</{command}:{found.id}>"

    # -- members acting ------------------------------------------------------------------------

    async def slash(self, who: Member | User | Actor, command: str, /, **options: Any) -> Reply:
        """`who` runs `/command` ("gig post") with typed options (members, channels, roles too)."""
        return await self.interactions.slash(who, command, options)

    async def autocomplete(
        self, who: Member | User | Actor, command: str, option: str, typed: str, /, **options: Any
    ) -> list[Choice]:
        """What the bot suggests while `who` types `typed` into `option` of `/command`."""
        return await self.interactions.autocomplete(who, command, option, typed, options)

    async def click(
        self, who: Member | User, message: Message | Reply, label_or_custom_id: str
    ) -> Reply:
        """`who` clicks a button of `message` (or of the message a `Reply` created)."""
        return await self.interactions.click(who, _message(message), label_or_custom_id)

    async def select(
        self,
        who: Member | User,
        message: Message | Reply,
        label_or_custom_id: str,
        values: Sequence[Any],
    ) -> Reply:
        """`who` picks `values` (option values or labels; members, roles or channels for the
        other select kinds) in a select menu."""
        return await self.interactions.select(who, _message(message), label_or_custom_id, values)

    async def submit_modal(
        self, who: Member | User, reply: Reply, values: Mapping[str, Any]
    ) -> Reply:
        """Fill in the modal `reply` opened (fields by custom id or label) and submit it."""
        return await self.interactions.submit_modal(who, reply, values)

    async def post(self, who: Member | Actor, content: str) -> Message:
        """A member writes a message (in their guild's first text channel unless `.at(channel)`)."""
        actor = who if isinstance(who, Actor) else self.interactions.actor(who)
        member = actor.who
        if not isinstance(member, Member):
            raise SandboxError("members post in guild channels; the bot cannot receive DMs here")
        needed = perms.SEND_MESSAGES_IN_THREADS if actor.channel.is_thread else perms.SEND_MESSAGES
        if not member.permissions_in(actor.channel) & needed:
            raise SandboxError(f"{member.name} cannot send messages in #{actor.channel.name}")
        if actor.channel.type == ChannelType.FORUM:
            raise SandboxError("posting in a forum starts a thread; post in a thread instead")
        return self._writer.create(actor.channel, member.user, {"content": content})

    def delete(self, message: Message) -> None:
        """A moderator deletes the message (anyone's), and Discord tells the bot."""
        self._writer.delete(message)

    # -- time, faults and the record -------------------------------------------------------------

    def elapse(self, time: float | timedelta) -> None:
        """Let Discord's time pass (interaction deadlines, token lifetimes) without waiting."""
        seconds = time.total_seconds() if isinstance(time, timedelta) else time
        self.world.clock.elapse(seconds)
        self.world.touch()

    def inject(self, route: str, fault: Fault, *, times: int = 1) -> Injection:
        """Answer the next `times` requests of `route` ("POST /channels/{id}/messages") with
        `fault` (see `bot.sandbox.faults`)."""
        return self.faults.inject(route, fault, times)

    async def drop_gateway(self, shard: int | None = None) -> None:
        """Drop the bot's gateway connection (or only `shard`'s) and wait until it resumed."""
        await self.gateway.drop(self.ready_timeout, shard)

    def gateway_outage(
        self, shard: int | None = None
    ) -> contextlib.AbstractAsyncContextManager[None]:
        """Inside the block the bot is disconnected (only `shard`'s connection when given) and
        cannot reconnect; events dispatched meanwhile are replayed when it resumes, which leaving
        the block waits for."""
        return self.gateway.outage(self.ready_timeout, shard)

    async def wait_until(self, predicate: Callable[[], bool], within: float | None = None) -> None:
        """Wait until `predicate()` holds, e.g. until a message appears after a deferred click."""
        await self.world.wait_until(predicate, within or self.answer_timeout)

    async def wait_delivered(self) -> InteractionRecord:
        """Wait until an interaction the bot has not answered yet reached it (a `slash` or `click`
        still running in a task), and return its record."""

        def pending() -> InteractionRecord | None:
            return next(
                (
                    record
                    for record in reversed(self.interactions.records.values())
                    if record.delivered_at is not None and record.response_type is None
                ),
                None,
            )

        await self.world.wait_until(lambda: pending() is not None, self.answer_timeout)
        found = pending()
        assert found is not None
        return found

    @property
    def violations(self) -> list[Violation]:
        """Every request Discord would have refused, in order (the fixture fails on any)."""
        return self.ledger.violations

    def take_violations(self) -> list[Violation]:
        """Remove and return the violations, for tests that provoke one on purpose."""
        return self.ledger.take_violations()

    @property
    def exchanges(self) -> list[Exchange]:
        """Every REST request and answer, in order."""
        return self.ledger.exchanges

    def traffic(self, since: int = 0) -> Traffic:
        """How hard the bot drove Discord from exchange `since` on: requests, the 429s it got,
        its busiest second."""
        return self.ledger.traffic(since, self.limits.describe())


def _message(message: Message | Reply) -> Message:
    if isinstance(message, Message):
        return message
    if message.message is None:
        raise SandboxError(f"the answer (type {message.type}) has no message to click on")
    return message.message
