"""A hub with a collaboration channel and members, run in the sandbox, for the collab e2e tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.intros.model import Availability, ProfileContent
from bot.sandbox import Sandbox
from bot.sandbox.interactions import Reply
from bot.sandbox.state import Guild, Member, Message
from bot.sandbox.testing import sandbox_fixture

sandbox = sandbox_fixture()

A_REQUEST = {
    "title": "Developer for a bakery's new website",
    "description": "A local bakery wants a new site. I do the design; I need someone to build it.",
    "skills": "Web development, JavaScript",
    "commitment": "5",
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database=tmp_path / "mozaik.db")


def a_hub(sandbox: Sandbox, **options: Any) -> Guild:
    return sandbox.add_guild(
        "Hub", channels=("general", "collab", "queue"), roles=("Moderators",), **options
    )


async def set_up_hub(
    sandbox: Sandbox, hub: Guild, collab: str = "collab", language: str = "en"
) -> None:
    """What the admin does first: the collaboration and queue channels, the hub's language and
    the moderators' role."""
    channels = {"collab": hub.channel(collab), "queue": hub.channel("queue")}
    await sandbox.slash(hub.owner, "hub setup", language=language, **channels)
    moderators = {"role": hub.role("Moderators"), "as": "moderator", "action": "add"}
    await sandbox.slash(hub.owner, "hub role", **moderators)


async def introduce(bot: Any, member: Member, skills: tuple[str, ...], **changes: Any) -> None:
    """The member's introduction, as /intro set would have saved it."""
    from bot.intros.store import save_profile

    content = ProfileContent(
        headline=changes.pop("headline", f"{member.name.title()} builds websites"),
        about="",
        skills=skills,
        links=(),
        availability=changes.pop("availability", Availability.OPEN_TO_COLLABORATE),
    )
    await save_profile(
        bot.store,
        member.guild.id,
        member.id,
        content,
        display_name=member.name.title(),
        locale="en",
        now=datetime.now(UTC),
    )


async def request(
    sandbox: Sandbox, member: Member, form: Mapping[str, str] = A_REQUEST, **options: Any
) -> Message:
    """The member runs /collab request and submits the form; the private answer they get."""
    options = {"kind": "project_partner", "compensation": "paid", **options}
    opened = await sandbox.slash(member, "collab request", **options)
    assert opened.modal is not None, opened.content
    return await answer(await sandbox.submit_modal(member, opened, form))


async def answer(reply: Reply) -> Message:
    """The message a reply ended in, also when it was deferred."""
    message = await reply.wait_followup() if reply.deferred else reply.message
    assert message is not None
    return message


async def click(sandbox: Sandbox, who: Member, message: Message, label: str) -> Message:
    """The member clicks a button; the private answer they get once the bot is done."""
    return await answer(await sandbox.click(who, message, label))


async def followup(sandbox: Sandbox, reply: Reply) -> Message:
    """The private follow-up the bot sends after first updating the clicked message."""
    await sandbox.wait_until(lambda: bool(reply.followups))
    return reply.followups[0]


def fields(message: Message) -> dict[str, str]:
    return {field["name"]: field["value"] for field in message.embed["fields"]}


def show(who: str, message: Message) -> None:
    """Print a message as its reader sees it (run pytest with -s to read the story)."""
    buttons = " ".join(f"[{label}]" for label in labels(message))
    print(f"\n--- {who} sees ---\n{message.text}\n{buttons}".rstrip())


def labels(message: Message) -> list[str]:
    return [
        component["label"]
        for row in message.components
        for component in row.get("components", [])
        if "label" in component
    ]
