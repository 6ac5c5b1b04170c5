"""One interaction as the sandbox keeps it (`InteractionRecord`: what was sent, when, and everything
the bot did with it) and the `Reply` a test reads back from it.

An interaction must be answered exactly once, within 3 seconds of its creation; its token then
serves follow-ups and edits for 15 minutes from then (see `bot.sandbox.responses`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.sandbox import components as kinds
from bot.sandbox.channels import Message
from bot.sandbox.clock import snowflake_time
from bot.sandbox.errors import NoAnswer, SandboxError
from bot.sandbox.members import Actor
from bot.sandbox.state import World

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

ANSWER_DEADLINE = 3.0
TOKEN_LIFETIME = 15 * 60.0
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


@dataclass(frozen=True)
class Choice:
    """An autocomplete suggestion."""

    name: str
    value: str | int | float


@dataclass(frozen=True)
class Modal:
    """A modal the bot opened; `fields` lists its inputs with their labels."""

    custom_id: str
    title: str
    components: list[dict[str, Any]]

    @property
    def fields(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for top in self.components:
            if top.get("type") == kinds.LABEL:
                found.append(dict(top["component"], label=top.get("label")))
            elif top.get("type") == kinds.ACTION_ROW:
                found.extend(top.get("components") or [])
        return found

    def field(self, key: str) -> dict[str, Any]:
        """The input with this custom id or label."""
        for candidate in self.fields:
            if key in (candidate.get("custom_id"), candidate.get("label")):
                return candidate
        names = [candidate.get("label") or candidate.get("custom_id") for candidate in self.fields]
        raise SandboxError(f"modal {self.title!r} has no field {key!r}; it has {names}")


@dataclass(eq=False)
class InteractionRecord:
    """One interaction and everything the bot did with it."""

    id: int
    token: str
    type: int
    actor: Actor
    payload: dict[str, Any]
    source: Message | None = None
    opened_by: InteractionRecord | None = None
    """For a modal submit: the interaction whose answer opened the modal."""
    delivered_at: float | None = None
    """When it reached the bot (the sandbox's monotonic clock); None while it has not."""
    delivered_on: datetime | None = None
    """The same instant by Discord's clock."""
    replayed: bool = False
    """Held for a resume (the bot was disconnected), so late by the time it reached the bot."""
    lag_at_delivery: float = 0.0
    """How far the sandbox's loop had fallen behind when it reached the bot (`LoopLag.behind`)."""
    response_type: int | None = None
    original: Message | None = None
    edits_at_answer: int = 0
    followups: list[Message] = field(default_factory=list)
    modal: Modal | None = None
    choices: list[Choice] | None = None
    answered_late: bool = False
    answered: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def created_at(self) -> datetime:
        """When Discord created it (its snowflake)."""
        return snowflake_time(self.id)

    def age(self, now: datetime) -> float:
        """Seconds its windows have run by `now`. They count from its creation, so one replayed
        after an outage may be late already; one sent over a live connection counts from its
        delivery, as Discord's own delivery takes no time worth counting."""
        start = self.created_at
        if not self.replayed and self.delivered_on is not None:
            start = max(start, self.delivered_on)
        return (now - start).total_seconds()

    def past(self, seconds: float, now: datetime) -> bool:
        """Whether `seconds` of its windows have passed (see `age`)."""
        return self.age(now) > seconds

    def metadata(self) -> dict[str, Any]:
        """`interaction_metadata` for the messages this interaction produces."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "user": self.actor.user.payload(),
            "authorizing_integration_owners": self.payload["authorizing_integration_owners"],
        }
        if self.source is not None:
            data["interacted_message_id"] = str(self.source.id)
        if self.opened_by is not None:
            data["triggering_interaction_metadata"] = self.opened_by.metadata()
        if self.original is not None:
            data["original_response_message_id"] = str(self.original.id)
        return data


class Reply:
    """What the bot answered to one interaction, read live from the sandbox's state."""

    def __init__(self, record: InteractionRecord, world: World, timeout: float) -> None:
        self._record = record
        self._world = world
        self._timeout = timeout

    @property
    def interaction_id(self) -> int:
        return self._record.id

    @property
    def type(self) -> int:
        """The callback type: 4 message, 5 deferred, 6 deferred update, 7 update, 8 choices,
        9 modal."""
        assert self._record.response_type is not None
        return self._record.response_type

    @property
    def deferred(self) -> bool:
        return self.type in (5, 6)

    @property
    def message(self) -> Message | None:
        """The message the answer created or changed (None for modals and autocomplete)."""
        return self._record.original

    @property
    def content(self) -> str:
        return self.message.content if self.message is not None else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message is not None else []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.components if self.message is not None else []

    @property
    def ephemeral(self) -> bool:
        return self.message is not None and self.message.ephemeral

    @property
    def modal(self) -> Modal | None:
        return self._record.modal

    @property
    def followups(self) -> list[Message]:
        return list(self._record.followups)

    @property
    def record(self) -> InteractionRecord:
        return self._record

    async def wait_followup(self, within: float | None = None) -> Message:
        """The first message the bot sent or edited after its first answer (the usual end of a
        deferral): the first follow-up, or the original message once edited."""
        record = self._record

        def arrived() -> bool:
            edited = record.original is not None and record.original.edits > record.edits_at_answer
            return bool(record.followups) or edited

        try:
            await self._world.wait_until(arrived, within or self._timeout)
        except TimeoutError:
            raise NoAnswer(f"no follow-up or edit within {within or self._timeout} s") from None
        if record.original is not None and record.original.edits > record.edits_at_answer:
            return record.original
        return record.followups[0]

    def __repr__(self) -> str:
        return f"<Reply type={self._record.response_type} message={self.message!r}>"
