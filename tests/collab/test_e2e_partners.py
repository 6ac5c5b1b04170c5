"""A request for two partners stays open after the first acceptance, matched after the second,
also when both are accepted at the same moment."""

import asyncio

from bot.sandbox import Guild, Member, Message, Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, show
from tests.support.replies import click, followup

from .e2e import request


async def answered_by_two(
    sandbox: Sandbox, hub: Guild, alice: Member, bob: Member, carol: Member
) -> tuple[Message, Message, Message]:
    """Alice's request for two partners, answered by Bob and Carol: its post and the two notices
    Alice got."""
    await set_up_hub(sandbox, hub)
    await request(sandbox, alice, partners=2)
    [post] = sandbox.messages(hub.channel("collab"))
    await click(sandbox, bob, post, "I'm in")
    await click(sandbox, carol, post, "I'm in")
    bob_notice, carol_notice = sandbox.dms(alice)
    return post, bob_notice, carol_notice


async def test_a_request_for_two_is_matched_only_by_the_second_acceptance(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob, carol = (hub.add_member(name) for name in ("alice", "bob", "carol"))
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings):
        post, bob_notice, carol_notice = await answered_by_two(sandbox, hub, alice, bob, carol)
        assert fields(post)["Partners"] == "0 of 2 partners found"

        first = await followup(sandbox, await sandbox.click(alice, bob_notice, "Accept"))
        show("alice (privately), after the first acceptance", first)
        assert first.text.endswith("Your request stays open; partners still wanted: 1.")
        show("everyone in #collab, after the first acceptance", post)
        assert fields(post)["Partners"] == "1 of 2 partners found"
        assert fields(post)["Status"].startswith("Open until")
        assert labels(post) == ["I'm in"]

        second = await followup(sandbox, await sandbox.click(alice, carol_notice, "Accept"))
        show("alice (privately), after the second acceptance", second)
        assert second.text.endswith(
            "Request #1 now has all the partners it asked for and is marked as matched."
        )
        show("everyone in #collab, after the second acceptance", post)
        assert fields(post)["Partners"] == "2 of 2 partners found"
        assert fields(post)["Status"] == "Matched"
        assert labels(post) == []
        bob_thread, carol_thread = sandbox.threads(collab)
        assert {alice.id, bob.id} <= set(bob_thread.thread_members)
        assert carol.id not in bob_thread.thread_members
        assert {alice.id, carol.id} <= set(carol_thread.thread_members)


async def test_two_acceptances_at_once_of_a_request_for_two_both_take_a_place(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob, carol = (hub.add_member(name) for name in ("alice", "bob", "carol"))
    async with sandbox.run_bot(settings):
        post, bob_notice, carol_notice = await answered_by_two(sandbox, hub, alice, bob, carol)

        clicks = await asyncio.gather(
            sandbox.click(alice, bob_notice, "Accept"), sandbox.click(alice, carol_notice, "Accept")
        )
        answers = [await followup(sandbox, reply) for reply in clicks]
        for answer in answers:
            show("alice (privately), after both acceptances", answer)
        # One took the first place, the other the last; neither was refused.
        assert sorted(answer.text.endswith("partners still wanted: 1.") for answer in answers) == [
            False,
            True,
        ]
        assert any(answer.text.endswith("is marked as matched.") for answer in answers)
        assert fields(post)["Partners"] == "2 of 2 partners found"
        assert fields(post)["Status"] == "Matched"
