"""The permission matrix's rows for reputation: confirmed work, testimonials, endorsements.

The engagements are stored as the flows store them (a poster named the owner, who confirmed),
so each row starts from the record its buttons act on; the owner clicks in their own DMs, and
everyone else crafts the same click.
"""

from __future__ import annotations

from typing import Any

from bot.reputation.model import Answer, Engagement, EngagementKind, Testimonial, TestimonialStatus
from bot.reputation.store.engagements import answer, ask
from bot.reputation.store.testimonials import move_testimonial, write_testimonial
from bot.sandbox import Member, Reply
from cogs._letters import OUTBOX_FILLED
from tests.support.outbox import drained
from tests.support.replies import finished

from . import _forged as forged
from ._targets import introduce
from ._world import World


async def _engagement(
    world: World, asker: Member, member: Member, *, confirmed: bool
) -> Engagement:
    now = world.bot.clock.now()
    (named,) = await ask(
        world.bot.store,
        world.hub.id,
        EngagementKind.GIG,
        1,
        asker.id,
        [member.id],
        now,
        asker_says_yes=True,
    )
    if confirmed:
        done = await answer(world.bot.store, named, member.id, Answer.YES, now, confirms=True)
        assert done is not None
        named = done
    await _letters_sent(world)  # the news a confirmation owes, and those earlier rows owe
    return named


async def _letters_sent(world: World) -> None:
    """The letters the records stored here owe, sent before the row's action, so that what the
    action changes is all the matrix sees change."""
    world.bot.dispatch(OUTBOX_FILLED)
    await drained(world.bot)


async def named_owner(world: World, actor: Member, owner: Member) -> Engagement:
    """A poster named the owner as having done their gig; the owner has not answered."""
    return await _engagement(world, world.new_member("poster"), owner, confirmed=False)


async def confirmed_owner(world: World, actor: Member, owner: Member) -> Engagement:
    """Work the owner did for a poster (who has an introduction), confirmed by both."""
    poster = world.new_member("poster")
    await introduce(world, poster, "seo", open_to_collaborate=False)
    return await _engagement(world, poster, owner, confirmed=True)


async def confirmed_with_member(world: World, actor: Member, owner: Member) -> Member:
    """Work the owner did with the matrix's member ("mia"), confirmed by both."""
    await _engagement(world, world["member"], owner, confirmed=True)
    return owner


async def testimonial_for_owner(world: World, actor: Member, owner: Member) -> Testimonial:
    """A poster wrote a testimonial for the owner, waiting for the owner's approval."""
    engagement = await confirmed_owner(world, actor, owner)
    now = world.bot.clock.now()
    written = await write_testimonial(
        world.bot.store, world.hub.id, engagement.id, engagement.asker_id, owner.id, "Great", now
    )
    assert written is not None
    await _letters_sent(world)  # the request to approve it
    return written


async def shown_testimonial_for_owner(world: World, actor: Member, owner: Member) -> Testimonial:
    written = await testimonial_for_owner(world, actor, owner)
    waiting = (TestimonialStatus.WAITING,)
    shown = await move_testimonial(
        world.bot.store, written.id, TestimonialStatus.SHOWN, waiting, world.bot.clock.now()
    )
    assert shown is not None
    return shown


def click_in_own_dms(custom_id_of: Any) -> Any:
    """The button as each actor would click it in their own DMs (only the owner got it)."""

    async def perform(world: World, actor: Member, target: Any) -> Reply:
        dm = world.sandbox.world.dm_channel(actor.user)
        return await forged.click(world.sandbox, actor, custom_id_of(target), on=dm, planted=True)

    return perform


async def submit_testimonial(world: World, actor: Member, engagement: Engagement) -> Reply:
    """The testimonial form for the engagement, sent by the actor."""
    values = {"testimonial": "Careful and kind."}
    return await forged.submit(world.sandbox, actor, f"rep:testimonial:{engagement.id}", values)


async def endorse(world: World, actor: Member, engagement: Engagement) -> Reply:
    """Endorse skills, then pick one; whoever is not offered the menu crafts the pick."""
    custom_id = f"rep:endorsed:{engagement.id}"
    if actor.id in engagement.sides:
        dm = world.sandbox.world.dm_channel(actor.user)
        opened = await finished(
            await forged.click(
                world.sandbox, actor, f"rep:endorse:{engagement.id}", on=dm, planted=True
            )
        )
        return await world.sandbox.select(actor, opened, custom_id, ["seo"])
    return await forged.select(
        world.sandbox, actor, custom_id, ["seo"], on=world.channel("general")
    )


async def name_who_did_it(world: World, actor: Member, prepared: tuple[Any, Any]) -> Reply:
    """The poster names a member in the question after "Yes, through this hub"; anyone else
    crafts the pick."""
    gig, question = prepared
    custom_id = f"rep:name:{gig.number}:member"
    named = world.new_member("doer")
    if actor is gig.poster:
        asked = await world.sandbox.click(actor, question, gig.button("via", "yes"))
        assert asked.message is not None
        return await world.sandbox.select(actor, asked.message, custom_id, [named])
    return await forged.select(
        world.sandbox, actor, custom_id, [str(named.id)], on=world.channel("general")
    )
