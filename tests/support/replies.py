"""What a member gets back in the e2e tests: the message an answer ends in, a click's answer."""

from __future__ import annotations

from bot.sandbox import Member, Message, Reply, Sandbox


async def finished(reply: Reply) -> Message:
    """The message a reply ended in, also when it was deferred."""
    message = await reply.wait_followup() if reply.deferred else reply.message
    assert message is not None, f"the answer (type {reply.type}) left no message"
    return message


async def click(sandbox: Sandbox, member: Member, message: Message, label: str) -> Message:
    """The member clicks a button; the private answer they get once the bot is done."""
    return await finished(await sandbox.click(member, message, label))


async def followup(sandbox: Sandbox, reply: Reply) -> Message:
    """The private follow-up the bot sends after first updating the clicked message."""
    await sandbox.wait_until(lambda: bool(reply.followups))
    return reply.followups[0]
