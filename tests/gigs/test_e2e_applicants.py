"""The poster's side of "I'm interested": the member's card with Shortlist and Decline, the
member told either way, and /gig applicants showing where each one stands."""

from bot.sandbox import Sandbox
from tests.reliability._forged import click as forged_click
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import labels, only, show
from tests.support.replies import click, finished

from .e2e import post_gig


async def published(sandbox: Sandbox, hub, poster) -> object:
    mod = hub.add_member("mod", roles=["Moderators"])
    await set_up_hub(sandbox, hub)
    await post_gig(sandbox, poster)
    await click(sandbox, mod, only(sandbox.messages(hub.channel("queue"))), "Approve")
    return only(sandbox.messages(hub.channel("gigs")))


async def test_the_poster_shortlists_one_member_and_declines_another_and_both_hear(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob, carol = hub.add_member("alice"), hub.add_member("bob"), hub.add_member("carol")
    async with sandbox.run_bot(settings):
        post = await published(sandbox, hub, alice)
        await click(sandbox, bob, post, "I'm interested")
        await click(sandbox, carol, post, "I'm interested")

        about_bob, about_carol = sandbox.dms(alice)[-2:]
        show("alice, in DMs", about_bob)
        assert bob.mention in about_bob.text
        assert about_bob.embed["title"].lower() == bob.name  # bob's card (he wrote no introduction)
        assert labels(about_bob) == ["Shortlist", "Decline"]
        assert about_bob.pings.nobody

        # Nobody but the poster decides, whatever id they craft.
        forged = await finished(
            await forged_click(sandbox, bob, f"gigapplicant:shortlist:1:{bob.id}")
        )
        assert "Only the poster of gig #1" in forged.text
        never_applied = hub.add_member("dave")
        stray = await finished(
            await forged_click(
                sandbox,
                alice,
                f"gigapplicant:shortlist:1:{never_applied.id}",
                on=sandbox.world.dm_channel(alice.user),
            )
        )
        assert "hasn't answered gig #1" in stray.text

        await sandbox.click(alice, about_bob, "Shortlist")
        show("alice, in DMs", about_bob)
        assert "You shortlisted" in about_bob.text and labels(about_bob) == []
        await sandbox.wait_until(lambda: bool(sandbox.dms(bob)))
        heard = only(sandbox.dms(bob))
        show("bob, in DMs", heard)
        assert "shortlisted you" in heard.text

        await sandbox.click(alice, about_carol, "Decline")
        assert "You declined" in about_carol.text
        await sandbox.wait_until(lambda: bool(sandbox.dms(carol)))
        assert "went with someone else" in only(sandbox.dms(carol)).text

        again = await finished(
            await forged_click(
                sandbox,
                alice,
                f"gigapplicant:decline:1:{bob.id}",
                on=sandbox.world.dm_channel(alice.user),
            )
        )
        assert "already decided" in again.text

        listed = await (await sandbox.slash(alice, "gig applicants", number=1)).wait_followup()
        show("alice", listed)
        assert f"{bob.mention}" in listed.text and "shortlisted" in listed.text
        assert "declined" in listed.text
    assert sandbox.take_violations() == []


async def test_a_member_with_closed_dms_hears_the_decision_in_the_gig_thread(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    closed = hub.add_member("closed", accepts_dms=False)
    async with sandbox.run_bot(settings):
        post = await published(sandbox, hub, alice)
        await click(sandbox, closed, post, "I'm interested")
        await sandbox.click(alice, sandbox.dms(alice)[-1], "Decline")

        await sandbox.wait_until(lambda: bool(sandbox.threads(hub.channel("gigs"))))
        thread = only(sandbox.threads(hub.channel("gigs")))
        await sandbox.wait_until(lambda: bool(sandbox.messages(thread)))
        note = only(sandbox.messages(thread))
        show("the gig's thread", note)
        assert closed.mention in note.text and "went with someone else" in note.text
        assert note.pings.users == {closed.id}
    # Discord refused the one DM to the member with closed DMs.
    assert [v.code for v in sandbox.take_violations()] == [50007]
