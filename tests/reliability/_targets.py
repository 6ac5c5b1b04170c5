"""Things to act on, made the way members and moderators make them: gigs in each state,
collaboration requests, answers, drafts; and finding the message that carries a given button.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.collab.store.requests import requests_by
from bot.gigs.store.board import gigs_of
from bot.intros.model import Availability, ProfileContent
from bot.intros.store.profiles import save_profile
from bot.sandbox import Channel, Member, Message
from bot.sandbox.components import interactive
from tests.support.replies import finished

from ._world import A_GIG, A_REQUEST, GIG_CHOICES, REQUEST_CHOICES, World


def custom_ids(message: Message) -> list[str]:
    return [str(c["custom_id"]) for c in interactive(message.components) if "custom_id" in c]


def carrying(messages: list[Message], custom_id: str) -> Message:
    """The last of `messages` with a button whose custom id is `custom_id`."""
    for message in reversed(messages):
        if custom_id in custom_ids(message):
            return message
    raise AssertionError(f"no message carries {custom_id!r}")


def in_channel(world: World, channel: Channel, custom_id: str) -> Message:
    return carrying(world.sandbox.messages(channel), custom_id)


def in_dms(world: World, member: Member, custom_id: str) -> Message:
    return carrying(world.sandbox.dms(member), custom_id)


# --- gigs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GigTarget:
    number: int
    poster: Member

    def button(self, click: str, option: str | None = None) -> str:
        return f"gig:{click}:{self.number}" + (f":{option}" if option else "")


async def pending_gig(
    world: World, poster: Member, form: Mapping[str, str] = A_GIG, **choices: str
) -> GigTarget:
    """`poster` posts a gig through /gig post and its form; it waits in the queue."""
    opened = await world.sandbox.slash(poster, "gig post", **{**GIG_CHOICES, **choices})
    assert opened.modal is not None, opened.content
    title = f"{form['title']} by {poster.name}"
    await finished(await world.sandbox.submit_modal(poster, opened, {**form, "title": title}))
    gigs = await gigs_of(world.bot.store, world.hub.id, poster.id)
    return GigTarget(gigs[0].id, poster)


async def published_gig(world: World, poster: Member) -> GigTarget:
    """A gig the hub's moderator approved from the queue: its post carries "I'm interested"."""
    gig = await pending_gig(world, poster)
    queued = in_channel(world, world.channel("queue"), gig.button("approve"))
    await finished(await world.sandbox.click(world.curator, queued, gig.button("approve")))
    in_channel(world, world.channel("gigs"), gig.button("interest"))
    return gig


async def reported_gig(world: World, poster: Member) -> GigTarget:
    """A published gig another member reported: the report in the queue carries Remove."""
    gig = await published_gig(world, poster)
    reporter = world.new_member("reporter")
    post = in_channel(world, world.channel("gigs"), gig.button("interest"))
    why = await world.sandbox.click(reporter, post, gig.button("report"))
    await finished(await world.sandbox.click(reporter, why, gig.button("reportas", "scam")))
    in_channel(world, world.channel("queue"), gig.button("remove"))
    return gig


async def refused_gig_form(world: World, member: Member) -> Message:
    """`member` sends a gig form that is refused; the answer carries "Edit and resend"."""
    opened = await world.sandbox.slash(member, "gig post", **GIG_CHOICES)
    assert opened.modal is not None, opened.content
    return await finished(await world.sandbox.submit_modal(member, opened, {**A_GIG, "pay": "?"}))


# --- collaboration requests ------------------------------------------------------------------


@dataclass(frozen=True)
class RequestTarget:
    number: int
    requester: Member

    def button(self, verb: str, *members: Member) -> str:
        return ":".join(["collab", verb, str(self.number), *(str(m.id) for m in members)])


async def queued_request(world: World, requester: Member) -> RequestTarget:
    """`requester` sends /collab request and its form; the hub reviews requests first."""
    opened = await world.sandbox.slash(requester, "collab request", **REQUEST_CHOICES)
    assert opened.modal is not None, opened.content
    form = {**A_REQUEST, "title": f"{A_REQUEST['title']} ({requester.name})"}
    await finished(await world.sandbox.submit_modal(requester, opened, form))
    requests = await requests_by(world.bot.store, world.hub.id, requester.id)
    request = RequestTarget(requests[0].id, requester)
    in_channel(world, world.channel("queue"), request.button("approve"))
    return request


async def open_request(world: World, requester: Member) -> RequestTarget:
    """A request the moderator approved: its post carries "I'm in"."""
    request = await queued_request(world, requester)
    queued = in_channel(world, world.channel("queue"), request.button("approve"))
    await finished(await world.sandbox.click(world.curator, queued, request.button("approve")))
    in_channel(world, world.channel("collab"), request.button("in"))
    return request


async def answered_request(world: World, requester: Member, responder: Member) -> RequestTarget:
    """`responder` said "I'm in"; the requester's DM carries Accept and Decline."""
    request = await open_request(world, requester)
    post = in_channel(world, world.channel("collab"), request.button("in"))
    await finished(await world.sandbox.click(responder, post, request.button("in")))
    in_dms(world, requester, request.button("accept", responder))
    return request


async def introduce(world: World, member: Member, *skills: str, open_to_collaborate: bool) -> None:
    """The member's introduction, stored as /intro set would have stored it."""
    availability = (
        Availability.OPEN_TO_COLLABORATE if open_to_collaborate else Availability.OPEN_TO_WORK
    )
    content = ProfileContent(
        headline=f"{member.name} at work",
        about="",
        skills=skills,
        links=(),
        availability=availability,
    )
    await save_profile(
        world.bot.store,
        world.hub.id,
        member.id,
        content,
        display_name=member.name,
        locale="en",
        now=datetime.now(UTC),
    )
