"""The gateway: a websocket speaking Discord's gateway v10 in JSON text frames.

HELLO, IDENTIFY → READY and a GUILD_CREATE per guild, HEARTBEAT → ACK, dispatches filtered by the
session's intents, and RESUME after a dropped connection with every missed event replayed in order.
IDENTIFY asking for a privileged intent is refused with close code 4014, as Discord does for a bot
that has not been granted it.

Sharding as Discord does it: IDENTIFY may carry `shard: [id, count]`; the session then gets READY
and GUILD_CREATE for the guilds with `(guild_id >> 22) % count == id` only, and only their events
(interactions included); events without a guild (DMs) go to shard 0. An invalid pair (not two
integers, `count < 1`, `id >= count`) is closed with 4010 "Invalid shard", and so is a count other
than the one the live sessions use: Discord lets a bot re-shard with two counts at once, but a
guild's events then reach two sessions, which no test here means to do.

Message content is blanked for a bot without the message content intent, except in DMs, in its
own messages and in messages that mention it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.sandbox.guild import Guild
from bot.sandbox.intents import MESSAGE_CONTENT_INTENT
from bot.sandbox.ledger import Ledger, Violation
from bot.sandbox.replies import InteractionRecord
from bot.sandbox.state import World
from bot.shards import DM_SHARD, shard_of

log = logging.getLogger(__name__)

DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
RESUME = 6
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

HEARTBEAT_INTERVAL_MS = 41_250
GUILD_MEMBERS_INTENT = 1 << 1
GUILD_PRESENCES_INTENT = 1 << 8
PRIVILEGED_INTENTS = GUILD_MEMBERS_INTENT | GUILD_PRESENCES_INTENT | MESSAGE_CONTENT_INTENT

AUTHENTICATION_FAILED = 4004
INVALID_SHARD = 4010
DISALLOWED_INTENTS = 4014
SANDBOX_DROP = 4000
CLIENT_ENDS_SESSION = (1000, 1001)


@dataclass
class Event:
    seq: int
    name: str
    payload: dict[str, Any]
    on_delivered: Callable[[], None] | None = None


@dataclass(eq=False)
class Session:
    id: str
    intents: int
    shard: tuple[int, int] = (0, 1)  # [id, count], as IDENTIFY gave it; unsharded is (0, 1)
    events: list[Event] = field(default_factory=list)
    connection: Connection | None = None
    ended: bool = False
    resumes: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def serves(self, guild_id: int | None) -> bool:
        """Whether Discord sends this session the events of `guild_id` (None: a DM)."""
        shard, count = self.shard
        return shard == (DM_SHARD if guild_id is None else shard_of(guild_id, count))

    def append(
        self, name: str, payload: dict[str, Any], on_delivered: Callable[[], None] | None = None
    ) -> None:
        self.events.append(Event(len(self.events) + 1, name, payload, on_delivered))
        self.wake.set()


@dataclass(eq=False)
class Connection:
    socket: web.WebSocketResponse
    session: Session | None = None
    dropped: bool = False
    pump: asyncio.Task[None] | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, message: dict[str, Any]) -> None:
        async with self.lock:
            await self.socket.send_str(json.dumps(message))


class Gateway:
    def __init__(self, world: World, ledger: Ledger) -> None:
        self.world = world
        self.ledger = ledger
        self.url = ""
        self.sessions: dict[str, Session] = {}
        self._connections: set[Connection] = set()
        self._open = asyncio.Event()
        self._open.set()
        self._down: set[int] = set()  # shards in an outage of their own
        self._shard_up = asyncio.Event()
        world.subscribe(self.dispatch)

    # -- what the rest of the sandbox calls -------------------------------------------------------

    def dispatch(
        self,
        name: str,
        payload: dict[str, Any],
        intent: int,
        on_delivered: Callable[[], None] | None = None,
    ) -> None:
        """Queue an event for every live session that holds `intent` (0: every session) and
        serves the event's guild."""
        guild_id = guild_of(name, payload)
        for session in self.sessions.values():
            if session.ended or (intent and not session.intents & intent):
                continue
            if not session.serves(guild_id):
                continue
            session.append(name, self._as_seen_by(session, name, payload), on_delivered)

    def dispatch_interaction(self, record: InteractionRecord) -> None:
        session = self.live_session(guild_of("INTERACTION_CREATE", record.payload))
        # Over a live connection Discord delivers at once; any wait here is the sandbox's own
        # (it shares the bot's event loop), so its clock starts on delivery. Held for a resume,
        # the interaction is replayed as old as it is.
        record.replayed = (
            session is None or session.connection is None or (session.connection.dropped)
        )

        def delivered() -> None:
            if record.delivered_at is None:
                record.delivered_at = self.world.clock.monotonic()
                record.delivered_on = self.world.clock.now()
                record.lag_at_delivery = self.world.lag.behind

        self.dispatch("INTERACTION_CREATE", record.payload, 0, delivered)

    def has_session(self, guild_id: int | None = None) -> bool:
        """Whether a live session serves `guild_id` (None: any session, or a DM's shard 0)."""
        return self.live_session(guild_id) is not None

    def live_session(self, guild_id: int | None = None) -> Session | None:
        """The newest live session serving `guild_id` (None: the DM shard, or any when
        unsharded)."""
        return next(
            (s for s in reversed(self.sessions.values()) if not s.ended and s.serves(guild_id)),
            None,
        )

    def shard_session(self, shard: int) -> Session | None:
        return next(
            (s for s in reversed(self.sessions.values()) if not s.ended and s.shard[0] == shard),
            None,
        )

    async def drop(self, within: float, shard: int | None = None) -> None:
        """Close the bot's connection as a network failure would, and wait until it resumed."""
        async with self.outage(within, shard):
            pass

    @contextlib.asynccontextmanager
    async def outage(self, within: float, shard: int | None = None) -> AsyncIterator[None]:
        """The gateway (or only `shard`'s connection) is unreachable inside the block; on
        leaving it, wait for the resume."""
        session = self.live_session() if shard is None else self.shard_session(shard)
        if session is None or session.connection is None:
            raise RuntimeError(f"no bot is connected to the gateway{_on(shard)}")
        resumes = session.resumes
        if shard is None:
            self._open.clear()
        else:
            self._down.add(shard)
        connection = session.connection
        connection.dropped = True
        await connection.socket.close(code=SANDBOX_DROP, message=b"connection dropped")
        try:
            yield
        finally:
            self._open.set()
            if shard is not None:
                self._down.discard(shard)
            self._shard_up.set()
            self._shard_up = asyncio.Event()
        await self.world.wait_until(
            lambda: session.resumes > resumes and session.connection is not None, within
        )

    async def close(self) -> None:
        for connection in list(self._connections):
            await connection.socket.close(code=1001, message=b"sandbox shutting down")

    # -- the websocket ----------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        connection = Connection(socket)
        self._connections.add(connection)
        try:
            # During an outage the connection is held before HELLO, so the client waits for it
            # instead of backing off.
            await self._open.wait()
            await connection.send({"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                await self._receive(connection, json.loads(message.data))
        finally:
            self._connections.discard(connection)
            self._detach(connection)
        return socket

    async def _receive(self, connection: Connection, message: dict[str, Any]) -> None:
        op = message.get("op")
        data = message.get("d")
        if op == HEARTBEAT:
            await connection.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(connection, data or {})
        elif op == RESUME:
            await self._resume(connection, data or {})

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        if data.get("token") != self.world.token:
            await connection.socket.close(
                code=AUTHENTICATION_FAILED, message=b"Authentication failed."
            )
            return
        intents = int(data.get("intents") or 0)
        if intents & PRIVILEGED_INTENTS:
            answer = {"message": "Disallowed intent(s).", "code": DISALLOWED_INTENTS}
            self.ledger.refuse(
                Violation(
                    "GATEWAY", "IDENTIFY", DISALLOWED_INTENTS, answer, None, {"intents": intents}
                )
            )
            await connection.socket.close(code=DISALLOWED_INTENTS, message=b"Disallowed intent(s).")
            return
        shard = self._valid_shard(data.get("shard"))
        if shard is None:
            await connection.socket.close(code=INVALID_SHARD, message=b"Invalid shard.")
            return
        await self._while_down(shard[0])
        session = Session(secrets.token_hex(16), intents, shard)
        self.sessions[session.id] = session
        guilds = [guild for guild in self.world.guilds.values() if session.serves(guild.id)]
        session.append("READY", self._ready(session, guilds, data.get("shard")))
        for guild in guilds:
            session.append("GUILD_CREATE", guild.create_payload())
        self._attach(connection, session, replay_from=0)

    def _valid_shard(self, shard: Any) -> tuple[int, int] | None:
        """The IDENTIFY's [id, count] ((0, 1) without one), or None when Discord refuses it."""
        if shard is None:
            return (0, 1)
        if (
            not isinstance(shard, list)
            or len(shard) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in shard)
        ):
            return None
        shard_id, count = shard
        counts = {s.shard[1] for s in self.sessions.values() if not s.ended}
        if count < 1 or not 0 <= shard_id < count or counts - {count}:
            return None
        return (shard_id, count)

    async def _while_down(self, shard: int) -> None:
        """Hold a shard's IDENTIFY or RESUME while its own outage lasts."""
        while shard in self._down:
            await self._shard_up.wait()

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or session.ended or data.get("token") != self.world.token:
            await connection.send({"op": INVALID_SESSION, "d": False})
            return
        await self._while_down(session.shard[0])
        session.append("RESUMED", {})
        session.resumes += 1
        self._attach(connection, session, replay_from=int(data.get("seq") or 0))
        self.world.touch()

    def _ready(self, session: Session, guilds: list[Guild], shard: Any) -> dict[str, Any]:
        ready: dict[str, Any] = {
            "v": 10,
            "user": self.world.bot_user.payload() | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.url,
            "application": {"id": str(self.world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "auth": {},
            "_trace": ["sandbox"],
        }
        if shard is not None:
            ready["shard"] = shard
        return ready

    def _attach(self, connection: Connection, session: Session, *, replay_from: int) -> None:
        connection.session = session
        session.connection = connection
        connection.pump = asyncio.create_task(self._pump(connection, session, replay_from))

    def _detach(self, connection: Connection) -> None:
        if connection.pump is not None:
            connection.pump.cancel()
        session = connection.session
        if session is None or session.connection is not connection:
            return
        session.connection = None
        if not connection.dropped and connection.socket.close_code in CLIENT_ENDS_SESSION:
            session.ended = True
        self.world.touch()

    async def _pump(self, connection: Connection, session: Session, index: int) -> None:
        """Send the session's events from `index` on, in order, as they come."""
        try:
            while not connection.socket.closed:
                if index >= len(session.events):
                    session.wake.clear()
                    await session.wake.wait()
                    continue
                event = session.events[index]
                await connection.send(
                    {"op": DISPATCH, "t": event.name, "s": event.seq, "d": event.payload}
                )
                index += 1
                if event.on_delivered is not None:
                    event.on_delivered()
        except (ConnectionResetError, RuntimeError):
            log.debug("gateway connection closed while sending")

    def _as_seen_by(self, session: Session, name: str, payload: dict[str, Any]) -> dict[str, Any]:
        if (
            name not in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
            or session.intents & MESSAGE_CONTENT_INTENT
        ):
            return payload
        bot_id = str(self.world.bot_user.id)
        own = payload.get("author", {}).get("id") == bot_id
        mentioned = any(user.get("id") == bot_id for user in payload.get("mentions", []))
        if own or mentioned or "guild_id" not in payload:
            return payload
        return payload | {"content": "", "embeds": [], "attachments": [], "components": []}


# Events about a guild itself name it by "id"; every other guild event carries "guild_id".
_GUILD_ITSELF = frozenset({"GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"})


def guild_of(name: str, payload: dict[str, Any]) -> int | None:
    """The guild an event belongs to, which decides its shard; None for a DM."""
    value = payload.get("id") if name in _GUILD_ITSELF else payload.get("guild_id")
    return int(value) if value is not None else None


def _on(shard: int | None) -> str:
    return "" if shard is None else f" on shard {shard}"
