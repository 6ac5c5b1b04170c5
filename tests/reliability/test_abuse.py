"""Members who hammer Mozaik get one effect per intent: cooldowns on what posts, one outcome
for ten clicks at once, and interactions no client would send are ignored while the bot goes
on answering everyone else.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.collab.store.answers import answers_to
from bot.collab.store.requests import requests_by
from bot.config import HubDefaults
from bot.gigs.curation import GigAction
from bot.gigs.store.records import gig_history
from bot.gigs.store.responses import interests_in
from bot.reputation.store.engagements import completed_count
from bot.sandbox import Member, NoAnswer, Reply

from . import _forged as forged
from . import _reputation as rep
from ._matrix import REFUSALS
from ._targets import (
    answered_request,
    custom_ids,
    in_channel,
    in_dms,
    open_request,
    pending_gig,
    published_gig,
    queued_request,
)
from ._world import (
    A_GIG,
    A_REQUEST,
    AN_INTRO,
    GIG_CHOICES,
    REQUEST_CHOICES,
    World,
    answer_text,
    running_world,
    says,
    settled,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CLICKS = 10
# The hub's own posting rules, as an admin leaves them: a minute between two gigs.
DEFAULTS = HubDefaults(collab_via_queue=True)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(world_database: Path | str) -> AsyncIterator[World]:
    async with running_world(world_database, DEFAULTS) as world:
        yield world


async def all_at_once(world: World, times: int, act: Callable[[], Awaitable[Reply]]) -> list[str]:
    """`act` `times` times at once; what each one was told in the end (a click that updated
    its message is done once its follow-up came)."""
    replies = await asyncio.gather(*(act() for _ in range(times)))
    for reply in replies:
        if reply.type == 7:
            await world.sandbox.wait_until(lambda reply=reply: bool(reply.followups))
    return [answer_text(await settled(reply)) for reply in replies]


def refusals_in(text: str, locale: str) -> list[str]:
    return [key for key in REFUSALS if says(text, key, locale)]


# --- cooldowns on what posts ----------------------------------------------------------------------


async def test_a_second_gig_within_the_cooldown_is_refused_before_the_form(world: World) -> None:
    member = world.new_member("poster", locale="id")
    opened = await world.sandbox.slash(member, "gig post", **GIG_CHOICES)
    await settled(await world.sandbox.submit_modal(member, opened, A_GIG))
    before = await world.dump()

    async with world.example():
        again = await world.sandbox.slash(member, "gig post", **GIG_CHOICES)
        assert again.modal is None
        assert says(again.content, "gigs.post_cooldown", "id"), again.content

    assert await world.dump() == before


async def test_a_second_request_right_after_the_first_is_refused(world: World) -> None:
    """Posting a collaboration request writes in the hub's channels as a gig does; a member
    cannot post one after another without pause."""
    member = world.new_member("requester", locale="id")
    first = await world.sandbox.slash(member, "collab request", **REQUEST_CHOICES)
    await settled(await world.sandbox.submit_modal(member, first, A_REQUEST))
    queue, collab = world.channel("queue"), world.channel("collab")
    posted = len(world.sandbox.messages(queue)) + len(world.sandbox.messages(collab))

    async with world.example():
        again = await world.sandbox.slash(member, "collab request", **REQUEST_CHOICES)
        if again.modal is not None:
            second = {**A_REQUEST, "title": "Another request right away"}
            again = await world.sandbox.submit_modal(member, again, second)
        answer = answer_text(await settled(again))
        assert refusals_in(answer, "id"), f"not refused: {answer!r}"

    assert len(await requests_by(world.bot.store, world.hub.id, member.id)) == 1
    assert len(world.sandbox.messages(queue)) + len(world.sandbox.messages(collab)) == posted


async def test_an_introduction_sent_again_and_again_keeps_one_post(world: World) -> None:
    member = world.new_member("intro")
    intros = world.channel("intros")
    before = len(world.sandbox.messages(intros))

    answers = []
    async with world.example():
        for number in range(5):
            opened = await world.sandbox.slash(member, "intro set")
            form = {**AN_INTRO, "headline": f"Headline number {number}"}
            answers.append(
                answer_text(await settled(await world.sandbox.submit_modal(member, opened, form)))
            )

    posts = world.sandbox.messages(intros)[before:]
    # The first makes the post and the second edits it; the rest wait the hub's pause.
    assert len(posts) == 1 and "Headline number 1" in posts[0].text
    assert [says(answer, "core.change_cooldown", "en") for answer in answers] == [
        False,
        False,
        True,
        True,
        True,
    ], answers


# --- ten clicks at once ------------------------------------------------------------------------


async def test_ten_interest_forms_sent_at_once_make_one_interest_and_one_note(world: World) -> None:
    poster = world.new_member("poster")
    gig = await published_gig(world, poster)
    post = in_channel(world, world.channel("gigs"), gig.button("interest"))
    member = world.new_member("eager", locale="id")
    notes = len(world.sandbox.dms(poster))
    # Ten forms opened before any is sent, as from ten presses of "I'm interested".
    forms = iter(
        [await world.sandbox.click(member, post, gig.button("interest")) for _ in range(CLICKS)]
    )

    async with world.example():
        told = await all_at_once(
            world,
            CLICKS,
            lambda: world.sandbox.submit_modal(member, next(forms), {"note": "Bisa mulai besok"}),
        )

    assert [i.user_id for i in await interests_in(world.bot.store, gig.number)] == [member.id]
    assert len(world.sandbox.dms(poster)) == notes + 1
    assert sum(says(text, "gigs.interest_sent", "id") for text in told) == 1, told


async def test_ten_approve_clicks_at_once_make_one_decision(world: World) -> None:
    gig = await pending_gig(world, world.new_member("poster"))
    queued = in_channel(world, world.channel("queue"), gig.button("approve"))
    moderators = [world.new_member("mod", roles=["Moderators"], locale="id") for _ in range(CLICKS)]
    clicks = iter(moderators)

    async with world.example():
        told = await all_at_once(
            world, CLICKS, lambda: world.sandbox.click(next(clicks), queued, gig.button("approve"))
        )

    events = await gig_history(world.bot.store, gig.number)
    assert [e.action for e in events].count(GigAction.APPROVE) == 1
    posts = [
        m
        for m in world.sandbox.messages(world.channel("gigs"))
        if gig.button("interest") in custom_ids(m)
    ]
    assert len(posts) == 1
    assert sum(bool(refusals_in(text, "id")) for text in told) == CLICKS - 1, told


async def test_ten_reports_at_once_make_one_report(world: World) -> None:
    gig = await published_gig(world, world.new_member("poster"))
    post = in_channel(world, world.channel("gigs"), gig.button("interest"))
    member = world.new_member("reporter")
    reasons = await world.sandbox.click(member, post, gig.button("report"))
    reason = gig.button("reportas", "scam")
    queue = world.channel("queue")
    before = len(world.sandbox.messages(queue))

    async with world.example():
        await all_at_once(world, CLICKS, lambda: world.sandbox.click(member, reasons, reason))

    reports = [
        m for m in world.sandbox.messages(queue)[before:] if gig.button("remove") in custom_ids(m)
    ]
    assert len(reports) == 1


async def test_ten_answers_at_once_make_one_answer_and_one_note(world: World) -> None:
    requester = world.new_member("requester")
    request = await open_request(world, requester)
    post = in_channel(world, world.channel("collab"), request.button("in"))
    member = world.new_member("keen")
    notes = len(world.sandbox.dms(requester))

    async with world.example():
        await all_at_once(
            world, CLICKS, lambda: world.sandbox.click(member, post, request.button("in"))
        )

    assert [a.user_id for a in await answers_to(world.bot.store, request.number)] == [member.id]
    assert len(world.sandbox.dms(requester)) == notes + 1


async def test_ten_accept_clicks_at_once_make_one_match(world: World) -> None:
    requester, partner = world.new_member("requester"), world.new_member("partner")
    request = await answered_request(world, requester, partner)
    button = request.button("accept", partner)
    note = in_dms(world, requester, button)
    threads = len(world.sandbox.threads(world.channel("collab")))
    notes = len(world.sandbox.dms(partner))

    async with world.example(may_ping=[requester, partner]):
        await all_at_once(world, CLICKS, lambda: world.sandbox.click(requester, note, button))

    requests = await requests_by(world.bot.store, world.hub.id, requester.id)
    assert requests[0].partners_found == 1
    assert len(world.sandbox.threads(world.channel("collab"))) == threads + 1
    assert len(world.sandbox.dms(partner)) == notes + 1


async def test_ten_confirm_clicks_at_once_confirm_the_work_once(world: World) -> None:
    doer = world.new_member("doer")
    named = await rep.named_owner(world, doer, doer)
    poster = world.hub.members[named.asker_id]
    button = f"rep:answer:{named.id}:yes"
    dm = world.sandbox.world.dm_channel(doer.user)
    told = len(world.sandbox.dms(poster))

    async with world.example():
        replies = await asyncio.gather(
            *(forged.click(world.sandbox, doer, button, on=dm, planted=True) for _ in range(CLICKS))
        )  # the one that counts updates its message; the others are told privately
        answers = [answer_text(reply.message) for reply in replies]

    confirmed = [a for a in answers if "on both your profiles now" in a]
    assert len(confirmed) == 1, answers
    assert await completed_count(world.bot.store, world.hub.id, doer.id) == 1
    await world.sandbox.wait_until(lambda: len(world.sandbox.dms(poster)) == told + 1)
    assert len(world.sandbox.dms(poster)) == told + 1  # told once that it is confirmed


async def test_ten_request_approvals_at_once_publish_once(world: World) -> None:
    request = await queued_request(world, world.new_member("requester"))
    queued = in_channel(world, world.channel("queue"), request.button("approve"))
    moderators = iter([world.new_member("mod", roles=["Moderators"]) for _ in range(CLICKS)])

    async with world.example():
        await all_at_once(
            world,
            CLICKS,
            lambda: world.sandbox.click(next(moderators), queued, request.button("approve")),
        )

    posts = [
        m
        for m in world.sandbox.messages(world.channel("collab"))
        if request.button("in") in custom_ids(m)
    ]
    assert len(posts) == 1


# --- interactions no Discord client sends ------------------------------------------------------

# Custom ids a member could craft: each is answered politely, or not at all, and logs no error.
CRAFTED = {
    "a gig number beyond any integer the store keeps": "gig:interest:9999999999999999999",
    "a request number beyond any integer the store keeps": "collab:in:99999999999999999999999",
    "a page of a list whose filters make no sense": "gigs:list:0:nonsense",
    "a page far beyond the last": "gigs:find:999999:logo",
    "a next page after a gig number beyond any integer": "gigs:list:1.9999999999999999999:--:-:",
    "a search of 10,000 characters": "gigs:find:0:" + "logo " * 2000,
    "a draft that does not exist": "gigdraft:1234567890",
    "a reason nobody offers": "gig:reportas:1:because",
    "a custom id of 10,000 characters": "x" * 10_000,
}


@pytest.mark.parametrize("custom_id", CRAFTED.values(), ids=list(CRAFTED))
async def test_a_crafted_click_is_answered_politely_or_ignored(
    world: World, custom_id: str
) -> None:
    member = world.new_member("crafty", locale="id")

    async with world.example():
        try:
            reply = await forged.click(world.sandbox, member, custom_id, planted=True)
        except NoAnswer:
            reply = None  # ignored, as Discord's client would show "This interaction failed"
        if reply is not None:
            answer = answer_text(await settled(reply))
            assert not says(answer, "core.unexpected", "id"), answer
        await still_answering(world, member)


async def still_answering(world: World, member: Member) -> None:
    reply = await world.sandbox.slash(member, "gig mine")
    assert answer_text(await settled(reply)), "the bot no longer answers"


# Payloads that break what Discord promises about an interaction's shape.
def without_custom_id(payload: dict[str, Any]) -> None:
    del payload["data"]["custom_id"]


def custom_id_not_a_string(payload: dict[str, Any]) -> None:
    payload["data"]["custom_id"] = 12345


def unknown_component_type(payload: dict[str, Any]) -> None:
    payload["data"]["component_type"] = 99


def unknown_interaction_type(payload: dict[str, Any]) -> None:
    payload["type"] = 42


def without_token(payload: dict[str, Any]) -> None:
    del payload["token"]


def without_data(payload: dict[str, Any]) -> None:
    del payload["data"]


def unknown_guild(payload: dict[str, Any]) -> None:
    payload["guild_id"] = "1"
    payload["guild"]["id"] = "1"


def member_without_user(payload: dict[str, Any]) -> None:
    del payload["member"]["user"]


def oversized_components(payload: dict[str, Any]) -> None:
    row = {"type": 1, "components": [{"type": 2, "custom_id": "x" * 100, "style": 2}] * 5}
    payload["message"]["components"] = [row] * 5_000


MALFORMED = {
    "no custom id": without_custom_id,
    "a custom id that is a number": custom_id_not_a_string,
    "an unknown component type": unknown_component_type,
    "an unknown interaction type": unknown_interaction_type,
    "no token": without_token,
    "no data": without_data,
    "a member without a user": member_without_user,
    "25,000 buttons on the clicked message": oversized_components,
}


@pytest_asyncio.fixture(loop_scope="module")
async def own_world(database: Path | str) -> AsyncIterator[World]:
    """A bot of its own: a payload that stops it must not stop the other tests' bot."""
    async with running_world(database, HubDefaults(collab_via_queue=True)) as world:
        yield world


async def a_real_click(world: World) -> tuple[Member, Reply]:
    """A member's click on Report under a published gig: what a forged payload is made from."""
    gig = await published_gig(world, world.new_member("poster"))
    member = world.new_member("member")
    post = in_channel(world, world.channel("gigs"), gig.button("interest"))
    template = await world.sandbox.click(member, post, gig.button("report"))
    world.check_clean()
    return member, template


@pytest.mark.parametrize("change", MALFORMED.values(), ids=list(MALFORMED))
async def test_a_malformed_interaction_is_logged_and_ignored_and_the_bot_goes_on(
    own_world: World, change: Callable[[dict[str, Any]], None], caplog: pytest.LogCaptureFixture
) -> None:
    """Mozaik logs it and answers nothing; the bot stays up and answers the next member."""
    world = own_world
    member, template = await a_real_click(world)
    caplog.clear()

    forged_one = forged.like(world.sandbox, template, change)
    record = forged.deliver(world.sandbox, template, forged_one)
    await still_answering(world, member)

    logged = [r.getMessage() for r in caplog.records if r.name == "bot.connection"]
    assert logged and logged[0].startswith(
        f"ignored a malformed interaction {forged_one.get('id')!r}"
    )
    assert record.response_type is None, "a malformed interaction was answered"
    assert not world.sandbox.take_violations()


async def test_a_click_from_a_server_mozaik_is_not_in_leaves_it_answering(own_world: World) -> None:
    """What discord.py makes of it may be logged, even as an error; the bot stays up, and
    whatever it answers is something Discord accepts."""
    world = own_world
    member, template = await a_real_click(world)

    forged.deliver(world.sandbox, template, forged.like(world.sandbox, template, unknown_guild))
    await still_answering(world, member)

    assert not world.sandbox.take_violations()


# --- custom ids are forged until checked ------------------------------------------------------


async def test_an_answer_clicked_in_a_dm_by_someone_outside_the_hub_is_refused(
    world: World,
) -> None:
    """A crafted "I'm in" in a DM names a request of a hub the clicker is not in: refused, no
    answer kept and the requester told nothing."""
    request = await open_request(world, world.new_member("requester"))
    outsider = world.sandbox.add_guild("Elsewhere").add_member("outsider")
    dm = world.sandbox.world.dm_channel(outsider.user)
    before = len(world.sandbox.dms(request.requester))
    async with world.example():
        reply = await forged.click(
            world.sandbox, outsider, request.button("in"), on=dm, planted=True
        )
        answer = answer_text(await settled(reply))
        assert says(answer, "collab.not_found", "en"), answer
        # Asked of Discord, which knows no such member there: the refusal is the answer.
        [looked_up] = world.sandbox.take_violations()
        assert (looked_up.method, looked_up.code) == ("GET", 10007), looked_up
    assert await answers_to(world.bot.store, request.number) == []
    assert len(world.sandbox.dms(request.requester)) == before


async def test_a_member_of_the_hub_may_still_answer_from_a_dm(world: World) -> None:
    """The same click by a member of the hub is an answer (the check asks Discord who is in)."""
    request = await open_request(world, world.new_member("requester"))
    member = world.new_member("member")
    dm = world.sandbox.world.dm_channel(member.user)
    async with world.example():
        reply = await forged.click(world.sandbox, member, request.button("in"), on=dm, planted=True)
        answer = answer_text(await settled(reply))
        assert not says(answer, "collab.not_found", "en"), answer
    assert [a.user_id for a in await answers_to(world.bot.store, request.number)] == [member.id]


async def test_an_invite_for_a_member_mozaik_did_not_suggest_is_refused_and_nobody_is_written_to(
    world: World,
) -> None:
    """The invite's custom id names the member: a crafted one for anyone else in the hub (here
    the hub's owner) is refused, and Mozaik sends them nothing."""
    request = await open_request(world, world.new_member("requester"))
    target = world.hub.owner
    dm = world.sandbox.world.dm_channel(request.requester.user)
    before = len(world.sandbox.dms(target))
    async with world.example():
        reply = await forged.click(
            world.sandbox,
            request.requester,
            request.button("invite", target),
            on=dm,
            planted=True,
        )
        answer = answer_text(await settled(reply))
        assert says(answer, "collab.not_suggested", "en"), answer
    assert len(world.sandbox.dms(target)) == before


# Each answered with the refusal it gets in a DM: the draft is looked up first (none of the
# member's is there), the others are refused for being out of a server.
GUILD_ONLY_IN_A_DM = {
    "the gig form": (
        "gigform:1",
        {"title": "x", "description": "y", "skills": "z", "pay": "1"},
        "gigs.draft_gone",
    ),
    "the introduction form": (
        "intro:form:open_to_work",
        {"headline": "x", "skills": "Python"},
        "core.guild_only",
    ),
    "a moderator's reason": ("gigreason:reject:1", {"reason": "Spam"}, "core.guild_only"),
}


@pytest.mark.parametrize(
    ("custom_id", "values", "key"), GUILD_ONLY_IN_A_DM.values(), ids=list(GUILD_ONLY_IN_A_DM)
)
async def test_a_form_that_belongs_in_a_server_is_refused_politely_in_a_dm(
    world: World, custom_id: str, values: dict[str, str], key: str
) -> None:
    member = world.new_member("crafty")
    dm = world.sandbox.world.dm_channel(member.user)
    async with world.example():
        reply = await forged.submit(world.sandbox, member, custom_id, values, channel=dm)
        answer = answer_text(await settled(reply))
        assert says(answer, key, "en"), answer
        await still_answering(world, member)
