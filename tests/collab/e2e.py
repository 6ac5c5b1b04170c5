"""What members do in the collaboration e2e tests, in a few words each."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.intros.model import Availability, ProfileContent
from bot.sandbox import Member, Message, Sandbox
from tests.support.replies import finished

A_REQUEST = {
    "title": "Developer for a bakery's new website",
    "description": "A local bakery wants a new site. I do the design; I need someone to build it.",
    "skills": "Web development, JavaScript",
    "commitment": "5",
}


async def introduce(bot: Any, member: Member, skills: tuple[str, ...], **changes: Any) -> None:
    """The member's introduction, as /intro set would have saved it."""
    from bot.intros.store.profiles import save_profile

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
    return await finished(await sandbox.submit_modal(member, opened, form))
