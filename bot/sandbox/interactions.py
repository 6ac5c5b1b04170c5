"""Members acting through interactions: slash commands, autocomplete, button and select clicks
and modal submits, dispatched as INTERACTION_CREATE with the fields Discord sends; each is kept as
an `InteractionRecord` and answered to the test as a `Reply` (`bot.sandbox.replies`).

An interaction must be answered exactly once, within 3 seconds of Discord creating it; its token
then serves follow-ups and edits for 15 minutes (see `bot.sandbox.responses`).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from bot.sandbox import components as kinds
from bot.sandbox import permissions as perms
from bot.sandbox.channels import Channel, ChannelType, Message
from bot.sandbox.commands import BOT_DM_CONTEXT, GUILD_CONTEXT, CommandRegistry
from bot.sandbox.errors import NoAnswer, SandboxError
from bot.sandbox.members import Actor, Member, Role, User
from bot.sandbox.replies import (
    ANSWER_DEADLINE,
    APPLICATION_COMMAND,
    ATTACHMENT_SIZE_LIMIT,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    Choice,
    InteractionRecord,
    Modal,
    Reply,
)
from bot.sandbox.state import World

# Time for an answer that left the bot before the deadline to arrive.
_DEADLINE_GRACE = 0.5


class Delivery(Protocol):
    """How an interaction reaches the bot: the gateway."""

    def has_session(self, guild_id: int | None = None) -> bool: ...

    def dispatch_interaction(self, record: InteractionRecord) -> None: ...


class Interactions:
    """Builds and dispatches interactions as members would trigger them, and awaits the answers."""

    def __init__(self, world: World, commands: CommandRegistry, timeout: float) -> None:
        self.world = world
        self.commands = commands
        self.timeout = timeout
        self.records: dict[int, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}  # each webhook call looks one up
        self.delivery: Delivery | None = None

    # -- what members do -------------------------------------------------------------------------

    async def slash(
        self, who: Member | User | Actor, command: str, options: Mapping[str, Any]
    ) -> Reply:
        actor = self.actor(who)
        built = self.commands.command_data(actor.who, actor.channel, command, options)
        record = self._record(APPLICATION_COMMAND, actor, built.data)
        return await self._answer(record)

    async def autocomplete(
        self,
        who: Member | User | Actor,
        command: str,
        option: str,
        typed: str,
        options: Mapping[str, Any],
    ) -> list[Choice]:
        actor = self.actor(who)
        built = self.commands.command_data(
            actor.who, actor.channel, command, {**options, option: typed}, focused=option
        )
        record = self._record(AUTOCOMPLETE, actor, built.data)
        reply = await self._answer(record)
        if reply.type != 8 or record.choices is None:
            raise NoAnswer(f"autocomplete for {option!r} was answered with type {reply.type}")
        return record.choices

    async def click(self, who: Member | User, message: Message, label_or_custom_id: str) -> Reply:
        component = self._usable_component(who, message, label_or_custom_id)
        if component["type"] != kinds.BUTTON:
            raise SandboxError(f"{label_or_custom_id!r} is not a button; use select()")
        if component.get("style") in (kinds.LINK_STYLE, kinds.PREMIUM_STYLE):
            raise SandboxError(f"{label_or_custom_id!r} opens a link; it sends no interaction")
        data = {"custom_id": component["custom_id"], "component_type": kinds.BUTTON}
        return await self._component(who, message, data)

    async def select(
        self,
        who: Member | User,
        message: Message,
        label_or_custom_id: str,
        values: Sequence[Any],
    ) -> Reply:
        component = self._usable_component(who, message, label_or_custom_id)
        if component["type"] not in kinds.SELECTS:
            raise SandboxError(f"{label_or_custom_id!r} is not a select menu; use click()")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(values) <= high:
            raise SandboxError(
                f"{label_or_custom_id!r} takes {low} to {high} values, not {len(values)}"
            )
        data: dict[str, Any] = {
            "custom_id": component["custom_id"],
            "component_type": component["type"],
        }
        data |= self._selected(component, values, message.channel)
        return await self._component(who, message, data)

    async def submit_modal(
        self, who: Member | User, reply: Reply, values: Mapping[str, Any]
    ) -> Reply:
        opened = reply.record
        modal = opened.modal
        if modal is None:
            raise SandboxError(f"the bot answered with type {reply.type}, not a modal")
        if (who.user if isinstance(who, Member) else who) is not opened.actor.user:
            raise SandboxError("only the member the modal was shown to can submit it")
        for key in values:
            modal.field(key)  # refuses keys the modal does not have
        data = {"custom_id": modal.custom_id, "components": _submitted(modal, values)}
        record = self._record(MODAL_SUBMIT, opened.actor, data, source=opened.source)
        record.opened_by = opened
        return await self._answer(record)

    # -- building ------------------------------------------------------------------------------

    def actor(self, who: Member | User | Actor) -> Actor:
        if isinstance(who, Actor):
            return self._present(who)
        if isinstance(who, User):
            return Actor(who, self.world.dm_channel(who))
        channels = who.guild.text_channels
        if not channels:
            raise SandboxError(f"{who.guild.name} has no text channel to use commands in")
        return self._present(Actor(who, channels[0]))

    @staticmethod
    def _present(actor: Actor) -> Actor:
        if isinstance(actor.who, Member) and not actor.who.present:
            raise SandboxError(f"{actor.who.name} left {actor.who.guild.name}")
        return actor

    def _usable_component(
        self, who: Member | User, message: Message, label_or_custom_id: str
    ) -> dict[str, Any]:
        if message.deleted:
            raise SandboxError("that message was deleted")
        user = who.user if isinstance(who, Member) else who
        if message.ephemeral:
            owner = next(
                (
                    r.actor.user
                    for r in self.records.values()
                    if r.original is message or message in r.followups
                ),
                None,
            )
            if owner is not None and owner is not user:
                raise SandboxError(
                    f"{user.username} cannot see an ephemeral message meant for {owner.username}"
                )
        component = message.component(label_or_custom_id)
        if component.get("disabled"):
            raise SandboxError(f"{label_or_custom_id!r} is disabled")
        return component

    def _selected(
        self, component: Mapping[str, Any], values: Sequence[Any], channel: Channel
    ) -> dict[str, Any]:
        if component["type"] == kinds.STRING_SELECT:
            by_label = {o["label"]: o["value"] for o in component.get("options", [])}
            offered = {o["value"] for o in component.get("options", [])}
            chosen = [by_label.get(value, value) for value in values]
            for value in chosen:
                if value not in offered:
                    raise SandboxError(f"the menu offers {sorted(offered)}, not {value!r}")
            return {"values": chosen}
        resolved: dict[str, dict[str, Any]] = {}
        ids: list[str] = []
        for value in values:
            if isinstance(value, Member | User):
                user = value.user if isinstance(value, Member) else value
                resolved.setdefault("users", {})[str(user.id)] = user.payload()
                if isinstance(value, Member):
                    member = value.payload(with_user=False)
                    member["permissions"] = str(value.permissions_in(channel))
                    resolved.setdefault("members", {})[str(user.id)] = member
            elif isinstance(value, Role):
                resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            elif isinstance(value, Channel):
                resolved.setdefault("channels", {})[str(value.id)] = {
                    "id": str(value.id),
                    "name": value.name,
                    "type": int(value.type),
                    "permissions": str(perms.ALL),
                }
            else:
                raise SandboxError(f"a {component['type']} select takes members, roles or channels")
            ids.append(str(value.id))
        return {"values": ids, "resolved": resolved}

    async def _component(self, who: Member | User, message: Message, data: dict[str, Any]) -> Reply:
        actor = self._present(Actor(who, message.channel))
        if message.channel.type == ChannelType.DM and message.channel.recipient is not actor.user:
            raise SandboxError("only the DM's recipient can use its components")
        record = self._record(MESSAGE_COMPONENT, actor, data, source=message)
        return await self._answer(record)

    def _record(
        self,
        kind: int,
        actor: Actor,
        data: dict[str, Any],
        *,
        source: Message | None = None,
    ) -> InteractionRecord:
        guild = actor.channel.guild if isinstance(actor.who, Member) else None
        if self.delivery is None or not self.delivery.has_session(
            guild.id if guild is not None else None
        ):
            raise SandboxError("no bot is connected to the sandbox (on this guild's shard)")
        interaction_id = self.world.ids.next()
        token = f"aW50ZXJhY3Rpb24.{interaction_id}.{secrets.token_urlsafe(32)}"
        payload = self._payload(interaction_id, token, kind, actor, data, source)
        record = InteractionRecord(
            id=interaction_id,
            token=token,
            type=kind,
            actor=actor,
            payload=payload,
            source=source,
        )
        self.records[interaction_id] = record
        self._by_token[token] = record
        return record

    def _payload(
        self,
        interaction_id: int,
        token: str,
        kind: int,
        actor: Actor,
        data: dict[str, Any],
        source: Message | None,
    ) -> dict[str, Any]:
        channel = actor.channel
        guild = channel.guild
        user = actor.user
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.world.application_id),
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "channel_id": str(channel.id),
            "locale": user.locale,
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if guild is not None and isinstance(actor.who, Member):
            member = actor.who.payload()
            member["permissions"] = str(actor.who.permissions_in(channel))
            payload |= {
                "guild_id": str(guild.id),
                "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
                "guild_locale": guild.locale,
                "member": member,
                "app_permissions": str(guild.me.permissions_in(channel)),
                "authorizing_integration_owners": {"0": str(guild.id)},
                "context": GUILD_CONTEXT,
                "channel": channel.payload() | {"permissions": member["permissions"]},
            }
        else:
            payload |= {
                "user": user.payload(),
                "app_permissions": str(perms.BOT_DEFAULT),
                "authorizing_integration_owners": {"0": str(user.id)},
                "context": BOT_DM_CONTEXT,
                "channel": channel.payload(),
            }
        if source is not None:
            payload["message"] = source.payload()
        return payload

    async def _answer(self, record: InteractionRecord) -> Reply:
        assert self.delivery is not None
        self.delivery.dispatch_interaction(record)

        def settled() -> bool:
            if record.answered.is_set():
                return True
            # Late or not, the bot had its grace to try since the interaction reached it.
            return (
                record.delivered_at is not None
                and self.answer_age(record) > ANSWER_DEADLINE + _DEADLINE_GRACE
                and self.world.clock.monotonic() > record.delivered_at + _DEADLINE_GRACE
            )

        try:
            await self.world.wait_until(settled, self.timeout)
        except TimeoutError:
            raise NoAnswer(f"interaction {record.id} never reached the bot") from None
        if record.response_type is None:
            late = "answered after the 3 s deadline" if record.answered_late else "not answered"
            raise NoAnswer(f"interaction {record.id} ({_describe(record)}) was {late}")
        return Reply(record, self.world, self.timeout)

    def answer_age(self, record: InteractionRecord) -> float:
        """Seconds the bot has had to answer by Discord's clock. With the bot on an event loop of
        its own (a process of its own), the time the sandbox's loop fell behind since delivery
        is left out: short of CPU, the sandbox may read an answer seconds after it came, and
        Discord never takes that long. A bot on the sandbox's loop may be what held it up."""
        age = record.age(self.world.clock.now())
        if not self.world.bots_in_loop:
            age -= self.world.lag.behind - record.lag_at_delivery
        return age

    def record_for(self, interaction_id: int) -> InteractionRecord | None:
        return self.records.get(interaction_id)

    def record_by_token(self, token: str) -> InteractionRecord | None:
        return self._by_token.get(token)


def _describe(record: InteractionRecord) -> str:
    data = record.payload["data"]
    if record.type in (APPLICATION_COMMAND, AUTOCOMPLETE):
        return f"/{data['name']}"
    return str(data.get("custom_id"))


def _submitted(modal: Modal, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The `components` of a modal submit: each input with what the member typed or picked."""

    def answer(field_: Mapping[str, Any], label: str | None) -> dict[str, Any]:
        keys = (field_.get("custom_id"), label, field_.get("label"))
        given = next((values[k] for k in keys if k is not None and k in values), None)
        name = label or field_.get("label") or field_.get("custom_id")
        submitted: dict[str, Any] = {
            "type": field_["type"],
            "id": field_.get("id"),
            "custom_id": field_["custom_id"],
        }
        if field_["type"] == kinds.TEXT_INPUT:
            text = str(given) if given is not None else str(field_.get("value") or "")
            if field_.get("required", True) and not text:
                raise SandboxError(f"the modal field {name!r} is required")
            if text and len(text) < (field_.get("min_length") or 0):
                raise SandboxError(f"{name!r} needs at least {field_['min_length']} characters")
            if len(text) > (field_.get("max_length") or 4000):
                raise SandboxError(f"{name!r} takes at most {field_['max_length']} characters")
            submitted["value"] = text
        else:
            chosen = list(given) if given is not None else []
            if field_.get("required", True) and not chosen:
                raise SandboxError(f"the modal field {name!r} is required")
            submitted["values"] = [str(value) for value in chosen]
        return submitted

    components: list[dict[str, Any]] = []
    for top in modal.components:
        if top.get("type") == kinds.LABEL:
            components.append(
                {
                    "type": kinds.LABEL,
                    "id": top.get("id"),
                    "component": answer(top["component"], top.get("label")),
                }
            )
        elif top.get("type") == kinds.ACTION_ROW:
            row = [answer(child, None) for child in top.get("components") or []]
            components.append({"type": kinds.ACTION_ROW, "id": top.get("id"), "components": row})
        else:
            components.append({"type": top.get("type"), "id": top.get("id")})
    return components
