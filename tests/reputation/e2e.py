"""What members do in the reputation e2e tests: a gig done through the hub, confirmed."""

from __future__ import annotations

from bot.sandbox import Guild, Member, Message, Sandbox
from tests.collab.e2e import request
from tests.gigs.e2e import be_interested, post_gig
from tests.support.replies import click, finished, followup


async def gig_filled_by(
    sandbox: Sandbox, hub: Guild, poster: Member, doer: Member, mod: Member
) -> Message:
    """The poster's gig is published, `doer` answers it, and the poster closes it as filled
    through the hub; the poster's private question of who did it."""
    await post_gig(sandbox, poster)
    queued = sandbox.messages(hub.channel("queue"))[-1]
    await click(sandbox, mod, queued, "Approve")
    post = sandbox.messages(hub.channel("gigs"))[-1]
    await be_interested(sandbox, doer, post)
    number = int(post.embed["title"].split(" ")[0].lstrip("#"))
    closing = await sandbox.slash(poster, "gig close", number=number, reason="filled")
    question = await closing.wait_followup()
    answered = await sandbox.click(poster, question, "Yes, through this hub")
    assert answered.message is not None
    return answered.message


async def name_who_did_it(
    sandbox: Sandbox, poster: Member, question: Message, *members: Member
) -> Message:
    """The poster picks `members` from the gig's applicants; the private answer they get."""
    return await finished(
        await sandbox.select(
            poster, question, "Members who answered the gig", [str(m.id) for m in members]
        )
    )


async def confirm(sandbox: Sandbox, member: Member, label: str = "Yes, that’s right") -> Message:
    """The member answers the last question Mozaik sent them by DM; the message after it."""
    asked = sandbox.dms(member)[-1]
    reply = await sandbox.click(member, asked, label)
    assert reply.message is not None, reply.content
    return reply.message


async def collaboration_matched(
    sandbox: Sandbox, hub: Guild, requester: Member, partner: Member
) -> None:
    """The requester's collaboration request, answered by `partner` and accepted: matched."""
    await request(sandbox, requester)
    post = sandbox.messages(hub.channel("collab"))[-1]
    await click(sandbox, partner, post, "I'm in")
    notice = sandbox.dms(requester)[-1]
    await followup(sandbox, await sandbox.click(requester, notice, "Accept"))


async def confirmed_gig(
    sandbox: Sandbox, hub: Guild, poster: Member, doer: Member, mod: Member
) -> Message:
    """A gig of the poster's done by `doer`, named and confirmed; the doer's confirmed DM."""
    question = await gig_filled_by(sandbox, hub, poster, doer, mod)
    await name_who_did_it(sandbox, poster, question, doer)
    return await confirm(sandbox, doer)


async def write_testimonial(sandbox: Sandbox, author: Member, on: Message, text: str) -> Message:
    """The author presses "Write a testimonial" on `on` and sends `text`; their answer."""
    form = await sandbox.click(author, on, "Write a testimonial")
    assert form.modal is not None, form.content
    return await finished(await sandbox.submit_modal(author, form, {"testimonial": text}))


async def told_confirmed(sandbox: Sandbox, member: Member) -> Message:
    """The DM telling `member` the other side confirmed (sent once the click was answered)."""
    await sandbox.wait_until(
        lambda: any("confirmed your work together" in m.text for m in sandbox.dms(member))
    )
    return next(
        m for m in reversed(sandbox.dms(member)) if "confirmed your work together" in m.text
    )
