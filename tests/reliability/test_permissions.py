"""Nobody can do what is not theirs to do: every command, button and form of the running bot,
tried by every kind of person, is allowed or refused as the table below says.

A refused action leaves the database exactly as it was (a full SQL dump, compared before and
after) and tells the actor why in their own language. Buttons and forms are also tried with
custom ids naming another member's gig, request or draft, as a member could craft them by hand.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from bot.config import HubDefaults
from bot.sandbox import Member, Message, Reply
from bot.sandbox.components import interactive
from tests.support.replies import finished

from . import _forged as forged
from . import _reputation as rep
from ._matrix import (
    ACTORS,
    ALLOWED,
    HIDDEN,
    Action,
    attempt,
    attempt_reply,
    attempt_slash,
    button_kind,
    everyone,
    everyone_but,
    form_kind,
    judge,
    only,
    refused,
)
from ._targets import (
    GigTarget,
    RequestTarget,
    answered_request,
    custom_ids,
    in_channel,
    in_dms,
    introduce,
    open_request,
    pending_gig,
    published_gig,
    queued_request,
    refused_gig_form,
    reported_gig,
)
from ._world import (
    A_GIG,
    A_REQUEST,
    ACTOR_LOCALES,
    AN_INTRO,
    GIG_CHOICES,
    REQUEST_CHOICES,
    World,
    running_world,
    settled,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

# Room for one fresh gig per row; requests go through the moderators so the queue can be tried.
DEFAULTS = HubDefaults(
    post_cooldown_seconds=0,
    max_open_gigs_per_week=100,
    duplicate_window_days=0,
    collab_via_queue=True,
)
MODERATORS = ("moderator", "admin")


# Every row through one hub within minutes, busier than any hub's moderators: every rate-limit
# window a tenth of Discord's (5 posts per half second in a channel), the counts its own.
RATE_SCALE = 0.1


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(world_database: Path | str) -> AsyncIterator[World]:
    async with running_world(world_database, DEFAULTS, rate_scale=RATE_SCALE) as world:
        partner = world.hub.add_member("pat")
        await introduce(world, partner, "web-development", open_to_collaborate=True)
        for number in range(11):  # more than one page of results for /intro find
            seeker = world.new_member("seo")
            await introduce(world, seeker, "seo", open_to_collaborate=number % 2 == 0)
        yield world


@pytest.fixture(autouse=True)
def fresh_record(world: World) -> None:
    """Whatever an earlier failing test left unchecked is not this test's."""
    world.sandbox.take_violations()
    world.errors.take()


# --- what each action does --------------------------------------------------------------------


def slash(command: str, **options: Any) -> Any:
    async def perform(world: World, actor: Member, target: Any) -> Reply:
        return await world.sandbox.slash(actor, command, **options)

    return perform


def slash_on_gig(command: str, **options: Any) -> Any:
    async def perform(world: World, actor: Member, gig: GigTarget) -> Reply:
        return await world.sandbox.slash(actor, command, number=gig.number, **options)

    return perform


async def gig_of_owner(world: World, actor: Member, owner: Member) -> GigTarget:
    return await pending_gig(world, owner)


async def published_gig_of_owner(world: World, actor: Member, owner: Member) -> GigTarget:
    return await published_gig(world, owner)


async def reported_gig_of_owner(world: World, actor: Member, owner: Member) -> GigTarget:
    return await reported_gig(world, owner)


def click_in(channel: str, click: str) -> Any:
    """The actor clicks the gig's button where it is shown (the queue, or the post)."""

    async def perform(world: World, actor: Member, gig: GigTarget) -> Reply:
        message = in_channel(world, world.channel(channel), gig.button(click))
        return await world.sandbox.click(actor, message, gig.button(click))

    return perform


def click_in_dms(click: str, option: str | None = None) -> Any:
    """A button of a note Mozaik sends the poster (the expiry reminder): each actor clicks it in
    their own DMs."""

    async def perform(world: World, actor: Member, gig: GigTarget) -> Reply:
        dm = world.sandbox.world.dm_channel(actor.user)
        button = gig.button(click, option)
        return await forged.click(world.sandbox, actor, button, on=dm, planted=True)

    return perform


async def report_as(world: World, actor: Member, gig: GigTarget) -> Reply:
    """Report, then pick a reason; whoever is not offered the reasons crafts the click."""
    post = in_channel(world, world.channel("gigs"), gig.button("interest"))
    reasons = await world.sandbox.click(actor, post, gig.button("report"))
    reason = gig.button("reportas", "scam")
    if reasons.message is not None and reason in custom_ids(reasons.message):
        return await world.sandbox.click(actor, reasons, reason)
    return await forged.click(world.sandbox, actor, reason, on=post)


async def interested_gig_of_owner(
    world: World, actor: Member, owner: Member
) -> tuple[GigTarget, Member]:
    """A published gig another member is interested in: the poster's DM carries Shortlist."""
    gig = await published_gig(world, owner)
    applicant = world.new_member("applicant")
    await finished(await interest_with_a_note(world, applicant, gig))
    in_dms(world, owner, f"gigapplicant:shortlist:{gig.number}:{applicant.id}")
    return gig, applicant


async def interest_with_a_note(world: World, actor: Member, gig: GigTarget) -> Reply:
    """ "I'm interested", then the note's form; whoever is not offered the form crafts it."""
    values = {"note": "I can start next week."}
    post = in_channel(world, world.channel("gigs"), gig.button("interest"))
    opened = await world.sandbox.click(actor, post, gig.button("interest"))
    if opened.modal is not None:
        return await world.sandbox.submit_modal(actor, opened, values)
    return await forged.submit(world.sandbox, actor, f"giginterest:{gig.number}", values)


def decide_applicant(verb: str) -> Any:
    """The poster clicks in their DM; anyone else crafts the same click."""

    async def perform(world: World, actor: Member, prepared: tuple[GigTarget, Member]) -> Reply:
        gig, applicant = prepared
        button = f"gigapplicant:{verb}:{gig.number}:{applicant.id}"
        if actor is gig.poster:
            return await world.sandbox.click(actor, in_dms(world, actor, button), button)
        return await forged.click(world.sandbox, actor, button)

    return perform


async def closed_as_filled(world: World, actor: Member, owner: Member) -> tuple[GigTarget, Message]:
    gig = await published_gig(world, owner)
    closed = await world.sandbox.slash(owner, "gig close", number=gig.number, reason="filled")
    return gig, await finished(closed)


async def filled_via_hub(world: World, actor: Member, prepared: tuple[GigTarget, Message]) -> Reply:
    gig, question = prepared
    button = gig.button("via", "yes")
    if actor is gig.poster:
        return await world.sandbox.click(actor, question, button)
    return await forged.click(world.sandbox, actor, button)


async def own_button(world: World, actor: Member, prepared: tuple[Member, Message]) -> Reply:
    """The button on a private answer its owner got; anyone else crafts the same click."""
    owner, message = prepared
    button = custom_ids(message)[0]
    if actor is owner:
        return await world.sandbox.click(actor, message, button)
    return await forged.click(world.sandbox, actor, button)


async def refused_gig_draft(world: World, actor: Member, owner: Member) -> tuple[Member, Message]:
    return owner, await refused_gig_form(world, owner)


async def refused_intro(world: World, actor: Member, owner: Member) -> tuple[Member, Message]:
    opened = await world.sandbox.slash(owner, "intro set")
    form = {**AN_INTRO, "skills": "Nothing anybody knows"}
    return owner, await finished(await world.sandbox.submit_modal(owner, opened, form))


async def request_of_owner(world: World, actor: Member, owner: Member) -> RequestTarget:
    return await queued_request(world, owner)


async def open_request_of_owner(world: World, actor: Member, owner: Member) -> RequestTarget:
    return await open_request(world, owner)


async def answered_request_of_owner(
    world: World, actor: Member, owner: Member
) -> tuple[RequestTarget, Member]:
    responder = world.new_member("responder")
    return await answered_request(world, owner, responder), responder


def decide(verb: str) -> Any:
    async def perform(world: World, actor: Member, prepared: tuple[RequestTarget, Member]) -> Reply:
        request, responder = prepared
        button = request.button(verb, responder)
        if actor is request.requester:
            return await world.sandbox.click(actor, in_dms(world, actor, button), button)
        return await forged.click(world.sandbox, actor, button)

    return perform


async def invite(world: World, actor: Member, request: RequestTarget) -> Reply:
    """Approved, the requester's DM suggests the one member open to collaborate on the skill."""
    button = request.button("invite", world.hub.member("pat"))
    if actor is request.requester:
        return await world.sandbox.click(actor, in_dms(world, actor, button), button)
    return await forged.click(world.sandbox, actor, button)


def click_on_request(channel: str, verb: str) -> Any:
    async def perform(world: World, actor: Member, request: RequestTarget) -> Reply:
        button = request.button(verb)
        return await world.sandbox.click(
            actor, in_channel(world, world.channel(channel), button), button
        )

    return perform


def page(mode: str, query: str) -> Any:
    async def perform(world: World, actor: Member, target: Any) -> Reply:
        return await forged.click(world.sandbox, actor, f"gigs:{mode}:1:{query}")

    return perform


async def next_page_of_people(world: World, actor: Member, target: Any) -> Reply:
    found = await finished(await world.sandbox.slash(actor, "intro find", skill="seo"))
    buttons = [c["custom_id"] for c in interactive(found.components)]
    assert len(buttons) == 2, "more than one page of people, with ◀️ and ▶️"
    return await world.sandbox.click(actor, found, buttons[1])


async def refused_request(world: World, actor: Member, owner: Member) -> tuple[Member, Message]:
    opened = await world.sandbox.slash(owner, "collab request", **REQUEST_CHOICES)
    assert opened.modal is not None
    form = {**A_REQUEST, "commitment": "999"}
    return owner, await finished(await world.sandbox.submit_modal(owner, opened, form))


async def gig_form_of_owner(world: World, actor: Member, owner: Member) -> tuple[Member, Reply]:
    return owner, await world.sandbox.slash(owner, "gig post", **GIG_CHOICES)


async def submit_gig_form(world: World, actor: Member, prepared: tuple[Member, Reply]) -> Reply:
    owner, opened = prepared
    assert opened.modal is not None
    form = {**A_GIG, "title": f"Gig form {world.fresh_word()}"}
    if actor is owner:
        return await world.sandbox.submit_modal(actor, opened, form)
    return await forged.submit(world.sandbox, actor, opened.modal.custom_id, form)


def reason_form(channel: str, click: str) -> Any:
    """A moderator clicks the button and gives a reason; anyone else crafts the form."""

    async def perform(world: World, actor: Member, gig: GigTarget) -> Reply:
        values = {"reason": "Not for this hub"}
        if actor.id in {world["moderator"].id, world["admin"].id}:
            message = in_channel(world, world.channel(channel), gig.button(click))
            opened = await world.sandbox.click(actor, message, gig.button(click))
            return await world.sandbox.submit_modal(actor, opened, values)
        return await forged.submit(world.sandbox, actor, f"gigreason:{click}:{gig.number}", values)

    return perform


def submit_own_form(command: str, values: dict[str, str], **options: Any) -> Any:
    """The actor opens the form with the command and sends it: a form is always its sender's."""

    async def perform(world: World, actor: Member, target: Any) -> Reply:
        opened = await world.sandbox.slash(actor, command, **options)
        assert opened.modal is not None, opened.content
        return await world.sandbox.submit_modal(actor, opened, values)

    return perform


async def reject_form_opened(
    world: World, actor: Member, owner: Member
) -> tuple[RequestTarget, Reply]:
    request = await queued_request(world, owner)
    queued = in_channel(world, world.channel("queue"), request.button("reject"))
    return request, await world.sandbox.click(world.curator, queued, request.button("reject"))


async def submit_reject_form(
    world: World, actor: Member, prepared: tuple[RequestTarget, Reply]
) -> Reply:
    request, opened_by_curator = prepared
    values = {"reason": "Not for this hub"}
    if actor.id in {world["moderator"].id, world["admin"].id}:
        queued = in_channel(world, world.channel("queue"), request.button("reject"))
        opened = await world.sandbox.click(actor, queued, request.button("reject"))
        return await world.sandbox.submit_modal(actor, opened, values)
    assert opened_by_curator.modal is not None
    return await forged.submit(world.sandbox, actor, opened_by_curator.modal.custom_id, values)


async def profile_of_owner(world: World, actor: Member, owner: Member) -> Member:
    await introduce(world, owner, "python", open_to_collaborate=False)
    return owner


async def profile_of_actor(world: World, actor: Member, owner: Member) -> None:
    await introduce(world, actor, "python", open_to_collaborate=False)


async def a_new_member(world: World, actor: Member, owner: Member) -> Member:
    return world.new_member("victim")


async def two_hub_skills(world: World, actor: Member, owner: Member) -> tuple[str, str]:
    names = (f"Weaving {world.fresh_word()}", f"Knitting {world.fresh_word()}")
    for name in names:
        await settled(await world.sandbox.slash(world.curator, "skills add", name=name))
    return names


async def add_skill(world: World, actor: Member, target: Any) -> Reply:
    return await world.sandbox.slash(actor, "skills add", name=f"Pottery {world.fresh_word()}")


async def add_alias(world: World, actor: Member, target: Any) -> Reply:
    return await world.sandbox.slash(
        actor, "skills alias", skill="Python", alias=f"py {world.fresh_word()}"
    )


async def merge(world: World, actor: Member, names: tuple[str, str]) -> Reply:
    return await world.sandbox.slash(actor, "skills merge", **{"from": names[0], "into": names[1]})


async def add_moderators(world: World, actor: Member, target: Any) -> Reply:
    role = world.hub.role("Moderators")
    return await world.sandbox.slash(
        actor, "hub role", role=role, **{"as": "moderator", "action": "add"}
    )


async def show_profile(world: World, actor: Member, owner: Member) -> Reply:
    return await world.sandbox.slash(actor, "intro show", member=owner)


async def ban(world: World, actor: Member, victim: Member) -> Reply:
    return await world.sandbox.slash(actor, "gigmod ban", member=victim, reason="Spam")


async def unban(world: World, actor: Member, victim: Member) -> Reply:
    return await world.sandbox.slash(actor, "gigmod unban", member=victim)


async def close_request(world: World, actor: Member, request: RequestTarget) -> Reply:
    return await world.sandbox.slash(actor, "collab close", number=request.number)


# --- the table ----------------------------------------------------------------------------------

_ADMIN_ONLY = only("admin", otherwise=HIDDEN)
# Each refusal says who may; /gigmod and /skills are hidden from members, /digest is not (its
# subscribe is for everyone) and buttons cannot be hidden.
_GIG_MODERATORS = only(*MODERATORS, otherwise=refused("gigmod.moderators_only"))
_REQUEST_MODERATORS = only(*MODERATORS, otherwise=refused("collab.moderators_only"))
_DIGEST_MODERATORS = only(*MODERATORS, otherwise=refused("digest.moderators_only"))
_GIGMOD = only(*MODERATORS, otherwise=HIDDEN)
_SKILLS = only(*MODERATORS, otherwise=HIDDEN)
# What a command hidden from members answers one who runs it all the same (an admin can open a
# command to everyone in Server Settings -> Integrations).
WHO_MAY_RUN_HIDDEN = {
    "hub": refused("core.admins_only"),
    "gigmod": refused("gigmod.moderators_only"),
    "skills": refused("hubskills.moderators_only"),
}
_POSTER = only("owner", otherwise=refused("gigs.not_yours"))
_POSTER_OR_MODERATORS = only("owner", *MODERATORS, otherwise=refused("gigs.applicants_private"))
_NOT_THE_POSTER = everyone_but("owner", refused("gigs.own_gig"))
_REQUESTER = only("owner", otherwise=refused("collab.only_requester"))
_GIG_POSTER_DECIDES = only("owner", otherwise=refused("gigs.applicants_poster_only"))
_NAMED = only("owner", otherwise=refused("reputation.not_yours"))
_WORKED_WITH = only("owner", otherwise=refused("reputation.no_shared_work"))
_RECEIVER = only("owner", otherwise=refused("reputation.not_your_testimonial"))

ACTIONS = [
    # /hub: Manage Server only, and hidden from everyone else by its default permissions.
    Action("/hub setup", _ADMIN_ONLY, slash("hub setup", language="en"), command="hub setup"),
    Action("/hub role", _ADMIN_ONLY, add_moderators, command="hub role"),
    Action("/hub rules", _ADMIN_ONLY, slash("hub rules", renewals=3), command="hub rules"),
    Action(
        "/hub rules trust gates",  # values that gate nobody: the world's hub is shared
        _ADMIN_ONLY,
        slash("hub rules", **{"account-days": 0, "server-hours": 0, "hold-after-reports": 3}),
        command="hub rules",
    ),
    Action(
        "/hub rules block-domain",
        _ADMIN_ONLY,
        slash("hub rules", **{"block-domain": "blocked.example"}),
        command="hub rules",
    ),
    Action(
        "/hub rules unblock-domain",
        _ADMIN_ONLY,
        slash("hub rules", **{"unblock-domain": "blocked.example"}),
        command="hub rules",
    ),
    Action("/hub show", _ADMIN_ONLY, slash("hub show"), command="hub show"),
    # /gig
    Action(
        "/gig post",
        everyone_but("banned", refused("gigs.banned_forever")),
        slash("gig post", **GIG_CHOICES),
        command="gig post",
    ),
    Action("/gig edit", _POSTER, slash_on_gig("gig edit"), gig_of_owner, command="gig edit"),
    Action("/gig list", everyone(), slash("gig list"), command="gig list"),
    Action("/gig search", everyone(), slash("gig search", query="logo"), command="gig search"),
    Action(
        "/gig show",
        everyone(),
        slash_on_gig("gig show"),
        published_gig_of_owner,
        command="gig show",
    ),
    Action(
        "/gig show (still in the queue)",
        only("owner", *MODERATORS, otherwise=refused("gigs.not_found")),
        slash_on_gig("gig show"),
        gig_of_owner,
        command="gig show",
    ),
    Action("/gig mine", everyone(), slash("gig mine"), command="gig mine"),
    Action(
        "/gig close",
        _POSTER,
        slash_on_gig("gig close", reason="withdrawn"),
        published_gig_of_owner,
        command="gig close",
    ),
    Action(
        "/gig applicants",
        _POSTER_OR_MODERATORS,
        slash_on_gig("gig applicants"),
        published_gig_of_owner,
        command="gig applicants",
    ),
    # /gigmod
    Action("/gigmod queue", _GIGMOD, slash("gigmod queue"), command="gigmod queue"),
    Action(
        "/gigmod feature",
        _GIGMOD,
        slash_on_gig("gigmod feature"),
        published_gig_of_owner,
        command="gigmod feature",
    ),
    Action(
        "/gigmod remove",
        _GIGMOD,
        slash_on_gig("gigmod remove", reason="Spam"),
        published_gig_of_owner,
        command="gigmod remove",
    ),
    Action("/gigmod ban", _GIGMOD, ban, a_new_member, command="gigmod ban"),
    Action("/gigmod unban", _GIGMOD, unban, a_new_member, command="gigmod unban"),
    Action("/gigmod stats", _GIGMOD, slash("gigmod stats"), command="gigmod stats"),
    Action(
        "/gigmod testimonial remove",
        _GIGMOD,
        lambda world, actor, t: world.sandbox.slash(
            actor, "gigmod testimonial remove", number=t.id, reason="Spam"
        ),
        rep.testimonial_for_owner,
        command="gigmod testimonial remove",
    ),
    # /intro: everyone's own profile; anybody may look at anybody's.
    Action("/help", everyone(), slash("help"), command="help"),
    Action("/intro set", everyone(), slash("intro set"), command="intro set"),
    Action("/intro show", everyone(), show_profile, profile_of_owner, command="intro show"),
    Action("/intro find", everyone(), slash("intro find", skill="python"), command="intro find"),
    Action(
        "/intro remove", everyone(), slash("intro remove"), profile_of_actor, command="intro remove"
    ),
    Action(
        "/intro alerts",
        everyone(),
        slash("intro alerts", state="on"),
        profile_of_actor,
        command="intro alerts",
    ),
    Action(
        "/intro public",
        everyone(),
        slash("intro public", state="on"),
        profile_of_actor,
        command="intro public",
    ),
    Action(
        "/intro testimonial",
        only("member", otherwise=refused("reputation.no_shared_work")),
        lambda world, actor, owner: world.sandbox.slash(actor, "intro testimonial", member=owner),
        rep.confirmed_with_member,
        command="intro testimonial",
    ),
    Action(
        "/intro testimonials", everyone(), slash("intro testimonials"), command="intro testimonials"
    ),
    Action(
        "/intro export", everyone(), slash("intro export"), profile_of_actor, command="intro export"
    ),
    # /skills: the hub's moderators.
    Action("/skills add", _SKILLS, add_skill, command="skills add"),
    Action("/skills alias", _SKILLS, add_alias, command="skills alias"),
    Action("/skills merge", _SKILLS, merge, two_hub_skills, command="skills merge"),
    Action(
        "/skills allow-new",
        _SKILLS,
        slash("skills allow-new", state="off"),
        command="skills allow-new",
    ),
    # /collab
    Action(
        "/collab request",
        everyone(),
        slash("collab request", **REQUEST_CHOICES),
        command="collab request",
    ),
    Action("/collab list", everyone(), slash("collab list"), command="collab list"),
    Action("/collab mine", everyone(), slash("collab mine"), command="collab mine"),
    Action(
        "/collab close",
        only("owner", *MODERATORS, otherwise=refused("collab.only_requester_closes")),
        close_request,
        open_request_of_owner,
        command="collab close",
    ),
    # /digest: moderators run it; members subscribe to their own.
    Action(
        "/digest preview",
        _DIGEST_MODERATORS,
        slash("digest preview"),
        command="digest preview",
    ),
    Action("/digest now", _DIGEST_MODERATORS, slash("digest now"), command="digest now"),
    Action(
        "/digest schedule",
        _DIGEST_MODERATORS,
        slash("digest schedule", day="0", time="09:00"),
        command="digest schedule",
    ),
    Action("/digest subscribe", everyone(), slash("digest subscribe"), command="digest subscribe"),
    Action(
        "/digest unsubscribe", everyone(), slash("digest unsubscribe"), command="digest unsubscribe"
    ),
    # Gig buttons: the queue's, the post's, the poster's notes and private answers.
    Action(
        "Approve (queue)",
        _GIG_MODERATORS,
        click_in("queue", "approve"),
        gig_of_owner,
        kinds=("gig:approve",),
    ),
    Action(
        "Reject (queue)",
        _GIG_MODERATORS,
        click_in("queue", "reject"),
        gig_of_owner,
        kinds=("gig:reject",),
    ),
    Action(
        "Request changes (queue)",
        _GIG_MODERATORS,
        click_in("queue", "changes"),
        gig_of_owner,
        kinds=("gig:changes",),
    ),
    Action(
        "I'm interested (post)",
        _NOT_THE_POSTER,
        click_in("gigs", "interest"),
        published_gig_of_owner,
        kinds=("gig:interest",),
    ),
    Action(
        "Shortlist (interest)",
        _GIG_POSTER_DECIDES,
        decide_applicant("shortlist"),
        interested_gig_of_owner,
        kinds=("gigapplicant:shortlist",),
    ),
    Action(
        "Decline (interest)",
        _GIG_POSTER_DECIDES,
        decide_applicant("decline"),
        interested_gig_of_owner,
        kinds=("gigapplicant:decline",),
    ),
    Action(
        "Report (post)",
        _NOT_THE_POSTER,
        click_in("gigs", "report"),
        published_gig_of_owner,
        kinds=("gig:report",),
    ),
    Action(
        "Report reason",
        _NOT_THE_POSTER,
        report_as,
        published_gig_of_owner,
        kinds=("gig:reportas",),
    ),
    Action(
        "Remove (report)",
        _GIG_MODERATORS,
        click_in("queue", "remove"),
        reported_gig_of_owner,
        kinds=("gig:remove",),
    ),
    Action(
        "Keep (report)",
        _GIG_MODERATORS,
        click_in("queue", "dismiss"),
        reported_gig_of_owner,
        kinds=("gig:dismiss",),
    ),
    Action(
        "Renew (reminder)",
        _POSTER,
        click_in_dms("renew"),
        published_gig_of_owner,
        kinds=("gig:renew",),
    ),
    Action(
        "Close (reminder)",
        _POSTER,
        click_in_dms("close"),
        published_gig_of_owner,
        kinds=("gig:close",),
    ),
    Action(
        "Close as withdrawn",
        _POSTER,
        click_in_dms("closeas", "withdrawn"),
        published_gig_of_owner,
        kinds=("gig:closeas",),
    ),
    Action("Filled through the hub", _POSTER, filled_via_hub, closed_as_filled, kinds=("gig:via",)),
    Action(
        "Edit and resend (gig)",
        only("owner", otherwise=refused("gigs.draft_gone")),
        own_button,
        refused_gig_draft,
        kinds=("gigdraft:#",),
    ),
    Action("Next page (/gig list)", everyone(), page("list", "--:-:"), kinds=("gigs:list",)),
    Action("Next page (/gig search)", everyone(), page("find", "logo"), kinds=("gigs:find",)),
    # Introductions
    Action(
        "Edit and resend (intro)",
        only("owner", otherwise=refused("intros.not_your_draft")),
        own_button,
        refused_intro,
        kinds=("intro:draft",),
    ),
    Action("Next page (/intro find)", everyone(), next_page_of_people),
    # Collaboration requests
    Action(
        "Approve (request queue)",
        _REQUEST_MODERATORS,
        click_on_request("queue", "approve"),
        request_of_owner,
        kinds=("collab:approve",),
    ),
    Action(
        "Reject (request queue)",
        _REQUEST_MODERATORS,
        click_on_request("queue", "reject"),
        request_of_owner,
        kinds=("collab:reject",),
    ),
    Action(
        "I'm in (request post)",
        everyone_but("owner", refused("collab.own_request")),
        click_on_request("collab", "in"),
        open_request_of_owner,
        kinds=("collab:in",),
    ),
    Action(
        "Accept (answer)",
        _REQUESTER,
        decide("accept"),
        answered_request_of_owner,
        kinds=("collab:accept",),
    ),
    Action(
        "Decline (answer)",
        _REQUESTER,
        decide("decline"),
        answered_request_of_owner,
        kinds=("collab:decline",),
    ),
    Action(
        "Invite (suggestion)", _REQUESTER, invite, open_request_of_owner, kinds=("collab:invite",)
    ),
    Action(
        "Edit and resend (request)",
        only("owner", otherwise=refused("collab.not_your_draft")),
        own_button,
        refused_request,
        kinds=("collab:draft",),
    ),
    # Reputation: confirmed work, testimonials, endorsements
    Action(
        "Who did it (gig filled through the hub)",
        _POSTER,
        rep.name_who_did_it,
        closed_as_filled,
        kinds=("rep:name",),
    ),
    Action(
        "Yes (named for work)",
        _NAMED,
        rep.click_in_own_dms(lambda e: f"rep:answer:{e.id}:yes"),
        rep.named_owner,
        kinds=("rep:answer",),
    ),
    Action(
        "No (named for work)",
        _NAMED,
        rep.click_in_own_dms(lambda e: f"rep:answer:{e.id}:no"),
        rep.named_owner,
        kinds=("rep:answer",),
    ),
    Action(
        "Write a testimonial",
        _WORKED_WITH,
        rep.click_in_own_dms(lambda e: f"rep:write:{e.id}"),
        rep.confirmed_owner,
        kinds=("rep:write",),
    ),
    Action(
        "Testimonial form",
        _WORKED_WITH,
        rep.submit_testimonial,
        rep.confirmed_owner,
        kinds=("rep:testimonial [testimonial]",),
    ),
    Action(
        "Approve (testimonial)",
        _RECEIVER,
        rep.click_in_own_dms(lambda t: f"rep:decide:{t.id}:show"),
        rep.testimonial_for_owner,
        kinds=("rep:decide",),
    ),
    Action(
        "Hide (testimonial)",
        _RECEIVER,
        rep.click_in_own_dms(lambda t: f"rep:decide:{t.id}:hide"),
        rep.testimonial_for_owner,
        kinds=("rep:decide",),
    ),
    Action(
        "Endorse skills",
        _WORKED_WITH,
        rep.click_in_own_dms(lambda e: f"rep:endorse:{e.id}"),
        rep.confirmed_owner,
        kinds=("rep:endorse",),
    ),
    Action(
        "Endorse (select)",
        _WORKED_WITH,
        rep.endorse,
        rep.confirmed_owner,
        kinds=("rep:endorsed",),
    ),
    Action(
        "All testimonials (card)",
        everyone(),
        lambda world, actor, t: forged.click(world.sandbox, actor, f"rep:page:{t.receiver_id}:0"),
        rep.shown_testimonial_for_owner,
        kinds=("rep:page",),
    ),
    # Forms
    Action(
        "Gig form",
        only("owner", otherwise=refused("gigs.draft_gone")),
        submit_gig_form,
        gig_form_of_owner,
        kinds=("gigform:# [apply, description, pay, skills, title]",),
    ),
    Action(
        "Interest note (gig)",
        _NOT_THE_POSTER,
        interest_with_a_note,
        published_gig_of_owner,
        kinds=("giginterest:# [note]",),
    ),
    Action(
        "Reject reason (gig)",
        _GIG_MODERATORS,
        reason_form("queue", "reject"),
        gig_of_owner,
        kinds=("gigreason:reject [reason]",),
    ),
    Action(
        "Changes reason (gig)",
        _GIG_MODERATORS,
        reason_form("queue", "changes"),
        gig_of_owner,
        kinds=("gigreason:changes [reason]",),
    ),
    Action(
        "Remove reason (gig)",
        _GIG_MODERATORS,
        reason_form("queue", "remove"),
        reported_gig_of_owner,
        kinds=("gigreason:remove [reason]",),
    ),
    Action(
        "Introduction form",
        everyone(),
        submit_own_form("intro set", AN_INTRO),
        kinds=("intro:form [about, details, headline, links, skills]",),
    ),
    Action(
        "Request form",
        everyone(),
        submit_own_form("collab request", A_REQUEST, **REQUEST_CHOICES),
        kinds=("collab:form [commitment, description, skills, title]",),
    ),
    Action(
        "Reject reason (request)",
        _REQUEST_MODERATORS,
        submit_reject_form,
        reject_form_opened,
        kinds=("collab:reason [reason]",),
    ),
]

ROWS = [(action, actor) for action in ACTIONS for actor in ACTORS]
_ROWS_RUN: set[tuple[str, str]] = set()


@pytest.mark.parametrize(
    ("action", "actor"), ROWS, ids=[f"{action.name} by {actor}" for action, actor in ROWS]
)
async def test_permission(world: World, action: Action, actor: str) -> None:
    _ROWS_RUN.add((action.name, actor))
    owner = world.new_member("owner", locale=ACTOR_LOCALES["owner"])
    who = owner if actor == "owner" else world[actor]
    target = owner if action.prepare is None else await action.prepare(world, who, owner)
    before = await world.dump()

    result = await attempt(world, action, who, target)

    expected = action.expected[actor]
    judge(result, expected, actor)
    if expected is not ALLOWED:
        assert await world.dump() == before, "a refused action changed the database"
    world.check_clean()


# Server admins can open any command to @everyone in Server Settings -> Integrations, and Discord
# does not tell the bot: every moderator and admin command must be refused by Mozaik itself.
OPENED = [
    action
    for action in ACTIONS
    if action.command is not None
    and action.expected["member"] is not ALLOWED
    and ALLOWED in (action.expected["moderator"], action.expected["admin"])
]


@pytest.mark.parametrize("action", OPENED, ids=[f"{a.name} opened to @everyone" for a in OPENED])
async def test_a_command_opened_to_everyone_is_refused_to_a_member_by_mozaik_itself(
    world: World, action: Action
) -> None:
    assert action.command is not None
    owner = world.new_member("owner", locale=ACTOR_LOCALES["owner"])
    member = world["member"]
    target = owner if action.prepare is None else await action.prepare(world, member, owner)
    before = await world.dump()
    command = action.command.split()[0]
    world.hub.override_command(command, world.hub.everyone, allow=True)
    try:
        result = await attempt(world, action, member, target)
    finally:
        world.hub.override_command(command, world.hub.everyone, allow=None)

    hidden_before = action.expected["member"] is HIDDEN
    expected = WHO_MAY_RUN_HIDDEN[command] if hidden_before else action.expected["member"]
    judge(result, expected, "member")
    assert await world.dump() == before, "a refused action changed the database"
    world.check_clean()


# --- what the table must cover ------------------------------------------------------------------


def dynamic_items() -> list[type[discord.ui.DynamicItem[Any]]]:
    """Every persistent button class the extensions define (all are imported once the bot runs)."""
    found: list[type[discord.ui.DynamicItem[Any]]] = []
    pending: list[type[Any]] = [discord.ui.DynamicItem]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            # A template matching nothing is a base for the buttons, not one of them.
            if subclass.__module__.startswith("cogs.") and template(subclass).pattern != "(?!)":
                found.append(subclass)
    return found


def template(item: type[discord.ui.DynamicItem[Any]]) -> re.Pattern[str]:
    # The class's compiled `template` (the public `template` property reads it on instances).
    return item.__discord_ui_compiled_template__


async def test_the_table_covers_every_command_button_and_form_of_the_running_bot(
    world: World,
) -> None:
    """Commands are read from the bot's command tree, persistent buttons from the extensions'
    dynamic items, and every button and form the bot showed while the rows above ran must have
    rows of its own: a new one without rows fails here. (Each action someone allowed to did not
    try in this process, run alone or with the rows shared among pytest-xdist workers, is tried
    here first, once, by someone allowed to.)"""
    for action in ACTIONS:
        allowed = next(actor for actor in ACTORS if action.expected[actor] is ALLOWED)
        if (action.name, allowed) not in _ROWS_RUN:
            await test_permission(world, action, allowed)

    commands = {
        command.qualified_name
        for command in world.bot.tree.walk_commands()
        if isinstance(command, app_commands.Command)
    }
    assert commands == {action.command for action in ACTIONS if action.command}

    records = list(world.sandbox.interactions.records.values())
    clicked = [r.payload["data"]["custom_id"] for r in records if r.type == 3]
    items = dynamic_items()
    assert items, "the extensions define persistent buttons"
    for item in items:
        assert any(template(item).fullmatch(custom_id) for custom_id in clicked), (
            f"no row clicks a {item.__name__}"
        )

    declared = {kind for action in ACTIONS for kind in action.kinds}
    shown: set[str] = set()
    for message in world.messages():
        for custom_id in custom_ids(message):
            if any(template(item).fullmatch(custom_id) for item in items):
                shown.add(button_kind(custom_id))
            else:  # a view's own button: only the member it answered can see it
                assert message.ephemeral, f"{custom_id!r} is neither persistent nor private"
    opened = [r.modal for r in records if r.modal is not None]
    shown |= {form_kind(m.custom_id, [f["custom_id"] for f in m.fields]) for m in opened}
    assert shown <= declared, f"shown by the bot but without rows: {sorted(shown - declared)}"
    tried = shown | {button_kind(custom_id) for custom_id in clicked}
    assert declared <= tried, f"rows for what the bot never shows: {sorted(declared - tried)}"
    print(f"\npermission matrix: {len(ROWS)} rows, {len(ACTIONS)} actions x {len(ACTORS)} actors")


# --- what a table of single actions does not show -------------------------------------------------


async def test_a_banned_poster_may_not_edit_their_own_gig(world: World) -> None:
    poster = world.new_member("poster", locale="id")
    gig = await pending_gig(world, poster)
    await settled(
        await world.sandbox.slash(world.curator, "gigmod ban", member=poster, reason="Spam")
    )
    before = await world.dump()

    result = await attempt_slash(world, poster, "gig edit", number=gig.number)

    judge(result, refused("gigs.banned_forever"), "member")
    assert await world.dump() == before
    world.check_clean()


async def test_a_form_opened_before_a_ban_is_refused_and_changes_nothing(world: World) -> None:
    member = world.new_member("poster", locale="id")
    opened = await world.sandbox.slash(member, "gig post", **GIG_CHOICES)
    assert opened.modal is not None
    await settled(
        await world.sandbox.slash(world.curator, "gigmod ban", member=member, reason="Spam")
    )
    before = await world.dump()

    sent = await world.sandbox.submit_modal(member, opened, A_GIG)
    result = await attempt_reply(world, sent)

    judge(result, refused("gigs.banned_forever"), "member")
    assert await world.dump() == before, "the refused form was still written down"
    world.check_clean()


@pytest.mark.parametrize("click", ["reject", "changes"])
async def test_a_moderator_who_lost_the_role_may_not_send_the_reason_form(
    world: World, click: str
) -> None:
    moderator = world.hub.add_member(f"demoted-{click}", roles=["Moderators"], locale="id")
    gig = await pending_gig(world, world.new_member("poster"))
    queued = in_channel(world, world.channel("queue"), gig.button(click))
    opened = await world.sandbox.click(moderator, queued, gig.button(click))
    assert opened.modal is not None
    moderator.roles.remove(world.hub.role("Moderators"))
    before = await world.dump()

    sent = await world.sandbox.submit_modal(moderator, opened, {"reason": "Not for us"})

    judge(await attempt_reply(world, sent), refused("gigmod.moderators_only"), "member")
    assert await world.dump() == before
    world.check_clean()


async def test_a_moderator_who_lost_the_role_may_not_reject_a_request(world: World) -> None:
    moderator = world.hub.add_member("demoted-request", roles=["Moderators"], locale="id")
    request = await queued_request(world, world.new_member("requester"))
    queued = in_channel(world, world.channel("queue"), request.button("reject"))
    opened = await world.sandbox.click(moderator, queued, request.button("reject"))
    assert opened.modal is not None
    moderator.roles.remove(world.hub.role("Moderators"))
    before = await world.dump()

    sent = await world.sandbox.submit_modal(moderator, opened, {"reason": "Not for us"})

    judge(await attempt_reply(world, sent), refused("collab.moderators_only"), "member")
    assert await world.dump() == before
    world.check_clean()


# The moderators' buttons and forms, crafted in another server where the actor is an admin.
ELSEWHERE = [
    ("gig:approve", "queue"),
    ("gig:reject", "queue"),
    ("gig:changes", "queue"),
    ("gig:remove", "report"),
    ("gig:dismiss", "report"),
    ("gigreason:reject", "queue"),
    ("gigreason:changes", "queue"),
    ("gigreason:remove", "report"),
    ("collab:approve", "request"),
    ("collab:reject", "request"),
    ("collab:in", "open request"),
]


@pytest.mark.parametrize(("kind", "target"), ELSEWHERE, ids=[kind for kind, _ in ELSEWHERE])
async def test_an_admin_of_another_server_may_not_act_on_this_hub(
    world: World, kind: str, target: str
) -> None:
    elsewhere = world.sandbox.add_guild(f"Elsewhere {world.fresh_word()}")
    admin = elsewhere.owner
    owner = world.new_member("owner")
    if target == "queue":
        number = (await pending_gig(world, owner)).number
    elif target == "report":
        number = (await reported_gig(world, owner)).number
    elif target == "request":
        number = (await queued_request(world, owner)).number
    else:
        number = (await open_request(world, owner)).number
    custom_id = f"{kind}:{number}"
    before = await world.dump()

    if kind.startswith("gigreason:"):
        reply = await forged.submit(world.sandbox, admin, custom_id, {"reason": "Spam"})
    else:
        reply = await forged.click(world.sandbox, admin, custom_id, planted=True)
    result = await attempt_reply(world, reply)

    assert result.outcome.name == "refused", (
        f"{kind} was taken from another server: {result.text!r}"
    )
    assert await world.dump() == before
    world.check_clean()
