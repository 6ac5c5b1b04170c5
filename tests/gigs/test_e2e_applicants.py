"""The poster's side of "I'm interested": the member's card with Shortlist and Decline, the
member told either way, and /gig applicants showing where each one stands."""

from bot.sandbox import Sandbox
from tests.reliability._forged import click as forged_click
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import labels, only, show
from tests.support.replies import click, finished

from .e2e import be_interested, post_gig


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
        await be_interested(sandbox, bob, post)
        await be_interested(sandbox, carol, post)

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
        await be_interested(sandbox, closed, post)
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


async def test_a_note_reaches_the_poster_as_typed_and_the_decision_comes_in_the_members_language(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    # Budi's Discord is in Indonesian; the hub speaks English.
    budi = hub.add_member("budi", locale="id")
    async with sandbox.run_bot(settings):
        post = await published(sandbox, hub, alice)
        opened = await sandbox.click(budi, post, "I'm interested")  # the post is the hub's
        assert opened.modal is not None
        assert opened.modal.title == "Tertarik dengan gig #1"  # the form is budi's
        note = "I did **packaging** for 2 roasters @everyone <@&1> \u05e9\u05dc\u05d5\u05dd"
        answer = await finished(await sandbox.submit_modal(budi, opened, {"note": note}))
        assert "Pemasang gig #1 sudah tahu kamu tertarik" in answer.text

        about_budi = sandbox.dms(alice)[-1]
        show("alice, in DMs", about_budi)
        assert labels(about_budi) == ["Shortlist", "Decline"]
        assert "Their note:" in about_budi.text
        # Read as typed: the bold is escaped, the mentions ping nobody, and the Hebrew sits in
        # its own direction isolate so it cannot reorder Mozaik's line.
        assert "\\*\\*packaging\\*\\*" in about_budi.content
        assert "\u2068" in about_budi.content and "\u2069" in about_budi.content
        assert about_budi.pings.nobody

        await sandbox.click(alice, about_budi, "Shortlist")
        await sandbox.wait_until(lambda: bool(sandbox.dms(budi)))
        heard = only(sandbox.dms(budi))
        show("budi, in DMs", heard)
        assert "memasukkanmu ke daftar pendek" in heard.text


async def test_interest_without_a_note_tells_the_poster_no_note(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    async with sandbox.run_bot(settings):
        post = await published(sandbox, hub, alice)
        # A note of spaces and zero-width characters shows nothing: it is no note.
        answer = await be_interested(sandbox, bob, post, note="  \u200b ")
        assert "knows you're interested" in answer.text
        about_bob = sandbox.dms(alice)[-1]
        assert bob.mention in about_bob.text and "Their note" not in about_bob.text
        # Pressing again tells bob he already did, without a second form.
        again = await click(sandbox, bob, post, "I'm interested")
        assert "already told the poster" in again.text
        assert len([m for m in sandbox.dms(alice) if bob.mention in m.text]) == 1
