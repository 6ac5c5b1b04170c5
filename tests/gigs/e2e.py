"""What members, moderators and admins do in the gig e2e tests, in a few words each."""

from collections.abc import Mapping
from typing import Any

from bot.sandbox import Sandbox
from bot.sandbox.interactions import Reply
from bot.sandbox.state import Channel, Guild, Member, Message

A_GIG = {
    "title": "Logo and packaging for a coffee shop",
    "description": "Our coffee shop in Bandung needs a **logo** and bag design.\n- 3 concepts",
    "skills": "Graphic Design, Packaging Design",
    "pay": "5jt-8jt",
    "apply": "",
}
CHOICES = {"kind": "hiring", "work_type": "project", "location": "remote", "level": "mid"}


def a_hub(sandbox: Sandbox, *, forum: bool = False, tags: tuple[str, ...] = ()) -> Guild:
    hub = sandbox.add_guild(
        "Hub", channels=("general", "queue", "audit"), roles=("Moderators", "Trusted")
    )
    hub.add_channel("gigs", forum=forum, tags=tags)
    return hub


async def set_up_hub(sandbox: Sandbox, hub: Guild, language: str = "en") -> None:
    """What an admin does first: gigs, queue and audit channels, and the moderators' role."""
    channels = {name: hub.channel(name) for name in ("gigs", "queue", "audit")}
    setup = await sandbox.slash(hub.owner, "hub setup", language=language, **channels)
    assert setup.ephemeral
    for role, purpose in (("Moderators", "moderator"), ("Trusted", "trusted")):
        await sandbox.slash(
            hub.owner, "hub role", role=hub.role(role), **{"as": purpose, "action": "add"}
        )


async def finished(reply: Reply) -> Message:
    """The message a reply ended in, also when it was deferred."""
    message = await reply.wait_followup() if reply.deferred else reply.message
    assert message is not None
    return message


async def post_gig(
    sandbox: Sandbox,
    member: Member,
    form: Mapping[str, str] = A_GIG,
    **options: Any,
) -> Message:
    """The member runs /gig post and submits the form; the private answer they get."""
    opened = await sandbox.slash(member, "gig post", **{**CHOICES, **options})
    assert opened.modal is not None, opened.content
    return await finished(await sandbox.submit_modal(member, opened, form))


async def click(sandbox: Sandbox, member: Member, message: Message, label: str) -> Message:
    return await finished(await sandbox.click(member, message, label))


async def decide_with_reason(
    sandbox: Sandbox, moderator: Member, message: Message, button: str, reason: str
) -> Message:
    opened = await sandbox.click(moderator, message, button)
    assert opened.modal is not None, opened.content
    return await finished(await sandbox.submit_modal(moderator, opened, {"reason": reason}))


def only(messages: list[Message]) -> Message:
    assert len(messages) == 1, [m.text for m in messages]
    return messages[0]


def labels(message: Message) -> dict[str, bool]:
    """Each button's label and whether it can be pressed."""
    return {
        component.get("label", ""): not component.get("disabled", False)
        for row in message.components
        for component in row.get("components", [])
    }


def fields(message: Message) -> dict[str, str]:
    return {field["name"]: field["value"] for field in message.embed["fields"]}


def show(who: str, message: Message) -> None:
    """Print a message as its reader sees it (pytest -s tells the story)."""
    buttons = " ".join(
        f"[{label}]" if enabled else f"[{label} (disabled)]"
        for label, enabled in labels(message).items()
    )
    print(f"\n--- {who} sees ---\n{message.text}\n{buttons}".rstrip())


def texts(messages: list[Message]) -> list[str]:
    return [message.text for message in messages]


def channel_texts(sandbox: Sandbox, channel: Channel) -> list[str]:
    return texts(sandbox.messages(channel))
