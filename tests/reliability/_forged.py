"""Interactions no Discord client would send: a click on a button with a custom id of the
tester's choosing, a form submitted under another form's custom id, and raw payloads.

The sandbox drives members through what its messages and modals really show; these stand in for
a member who crafts the request by hand. The forged click rides on a copy of a real message (or
a message the sandbox never stored), so everything else about it is what Discord would send.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from bot.sandbox import Actor, Channel, Member, Message, Modal, Reply, Sandbox
from bot.sandbox.replies import InteractionRecord

BUTTON = 2
ACTION_ROW = 1
TEXT_INPUT = 4
LABEL = 18


def a_button(custom_id: str) -> list[dict[str, Any]]:
    return [
        {
            "type": ACTION_ROW,
            "components": [{"type": BUTTON, "style": 2, "label": "…", "custom_id": custom_id}],
        }
    ]


STRING_SELECT = 3


def a_select(custom_id: str, values: list[str]) -> list[dict[str, Any]]:
    options = [{"label": value, "value": value} for value in values]
    select = {"type": STRING_SELECT, "custom_id": custom_id, "options": options}
    return [{"type": ACTION_ROW, "components": [{**select, "max_values": len(values)}]}]


async def select(
    sandbox: Sandbox, who: Member, custom_id: str, values: list[str], *, on: Channel
) -> Reply:
    """`who` picks `values` in a select menu with `custom_id`, on a message of the bot in `on`
    that exists nowhere, offering exactly those values."""
    message = dataclasses.replace(
        carrying(sandbox, on, custom_id), components=a_select(custom_id, values)
    )
    return await sandbox.select(who, message, custom_id, values)


def carrying(sandbox: Sandbox, channel: Channel, custom_id: str) -> Message:
    """A message of the bot in `channel`, never stored, showing one button with `custom_id`."""
    return Message(
        id=sandbox.world.ids.next(),
        channel=channel,
        author=sandbox.bot_user,
        components=a_button(custom_id),
    )


async def click(
    sandbox: Sandbox,
    who: Member,
    custom_id: str,
    *,
    on: Message | Channel | None = None,
    planted: bool = False,
) -> Reply:
    """`who` clicks a button with `custom_id`: on a copy of the message `on` (so the bot sees
    that message), or on a message of the bot in the channel `on` (the member's first channel
    by default) that exists nowhere, unless `planted`: then it is stored in that channel, as if
    Mozaik had sent it there (a note in a DM, which the bot may edit once clicked)."""
    if isinstance(on, Message):
        message = dataclasses.replace(on, components=a_button(custom_id))
    else:
        channel = on or sandbox.interactions.actor(who).channel
        message = carrying(sandbox, channel, custom_id)
        if planted:
            channel.messages[message.id] = message
    return await sandbox.click(who, message, custom_id)


async def submit(
    sandbox: Sandbox,
    who: Member,
    custom_id: str,
    values: Mapping[str, str],
    *,
    channel: Channel | None = None,
) -> Reply:
    """`who` submits a form with `custom_id` and these text fields, as if the bot had shown it."""
    actor = Actor(who, channel or sandbox.interactions.actor(who).channel)
    components = [
        {
            "type": LABEL,
            "label": name,
            "component": {"type": TEXT_INPUT, "custom_id": name, "style": 2, "required": False},
        }
        for name in values
    ]
    guild = actor.channel.guild
    owner = str(guild.id if guild is not None else who.id)
    opened = InteractionRecord(
        id=sandbox.world.ids.next(),
        token="forged",  # never used: the opener is not a real interaction
        type=2,
        actor=actor,
        payload={"authorizing_integration_owners": {"0": owner}},
        modal=Modal(custom_id=custom_id, title="…", components=components),
    )
    return await sandbox.submit_modal(
        who, Reply(opened, sandbox.world, sandbox.answer_timeout), values
    )


def like(
    sandbox: Sandbox, template: Reply, change: Callable[[dict[str, Any]], object]
) -> dict[str, Any]:
    """The payload of the interaction `template` answered, as a new interaction, changed by
    `change` (which edits the payload in place)."""
    payload = copy.deepcopy(template.record.payload)
    payload["id"] = str(sandbox.world.ids.next())
    payload["token"] = f"{payload['token']}.again"
    change(payload)
    return payload


def deliver(sandbox: Sandbox, template: Reply, payload: dict[str, Any]) -> InteractionRecord:
    """Send the payload to the bot as an INTERACTION_CREATE from the member `template` came
    from; the bot may answer it as any interaction, and the record shows whether it did."""
    record = InteractionRecord(
        id=int(payload.get("id") or sandbox.world.ids.next()),
        token=str(payload.get("token")),
        type=int(payload.get("type") or 0),
        actor=template.record.actor,
        payload=payload,
        source=template.record.source,
    )
    sandbox.interactions.records[record.id] = record
    sandbox.gateway.dispatch_interaction(record)
    return record
