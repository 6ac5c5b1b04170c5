"""What members, moderators and admins do in the gig e2e tests, in a few words each."""

from collections.abc import Mapping
from typing import Any

from bot.sandbox import Channel, Member, Message, Sandbox
from tests.support.reading import texts
from tests.support.replies import finished

A_GIG = {
    "title": "Logo and packaging for a coffee shop",
    "description": "Our coffee shop in Bandung needs a **logo** and bag design.\n- 3 concepts",
    "skills": "Graphic Design, Packaging Design",
    "pay": "5jt-8jt",
    "apply": "",
}
CHOICES = {"kind": "hiring", "work_type": "project", "location": "remote", "level": "mid"}


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


async def decide_with_reason(
    sandbox: Sandbox, moderator: Member, message: Message, button: str, reason: str
) -> Message:
    opened = await sandbox.click(moderator, message, button)
    assert opened.modal is not None, opened.content
    return await finished(await sandbox.submit_modal(moderator, opened, {"reason": reason}))


def channel_texts(sandbox: Sandbox, channel: Channel) -> list[str]:
    return texts(sandbox.messages(channel))


async def be_interested(
    sandbox: Sandbox, member: Member, post: Message, note: str = "", label: str = "I'm interested"
) -> Message:
    """The member presses "I'm interested" on a gig's post and sends the form, with `note` for
    the poster (none when empty); the private answer they get."""
    opened = await sandbox.click(member, post, label)
    assert opened.modal is not None, opened.content
    return await finished(await sandbox.submit_modal(member, opened, {"note": note}))
