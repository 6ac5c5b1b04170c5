"""A request finds its partner: suggestions, invitations, "I'm in", accept or decline, matched."""

from bot.intros.model import Availability
from bot.sandbox import Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.outbox import drained
from tests.support.reading import fields, labels, show
from tests.support.replies import click, followup

from .e2e import introduce, request


async def test_a_request_is_answered_accepted_and_matched_in_a_private_thread(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob, carol, dave = (hub.add_member(name) for name in ("alice", "bob", "carol", "dave"))
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(bot, bob, ("web-development", "javascript"))
        await introduce(bot, carol, ("javascript",))
        await introduce(bot, dave, ("web-development",), availability=Availability.NOT_AVAILABLE)

        posted = await request(sandbox, alice)
        show("alice (privately)", posted)
        assert posted.ephemeral
        assert "Your request #1 is posted" in posted.text
        assert "• Bob (Web Development, JavaScript)" in posted.text
        assert "• Carol (JavaScript)" in posted.text
        assert "Dave" not in posted.text
        assert posted.pings.nobody
        assert labels(posted) == ["Invite Bob", "Invite Carol"]

        [post] = sandbox.messages(collab)
        show("everyone in #collab", post)
        assert post.embed["title"] == "#1 · Developer for a bakery's new website"
        assert fields(post)["Skills"] == "Web Development · JavaScript"
        assert fields(post)["Commitment"] == "5 hours a week"
        assert fields(post)["Partners"] == "0 of 1 partner found"
        assert labels(post) == ["I'm in"]
        assert post.pings.nobody

        invited = await sandbox.click(alice, posted, "Invite Carol")
        assert invited.content == "Invitation sent to Carol."
        [invitation] = sandbox.dms(carol)
        show("carol (DM)", invitation)
        assert post.id in {int(part) for part in invitation.content.split("/")[-1:]}
        again = await sandbox.click(alice, posted, "Invite Carol")
        assert again.content == "You have already invited this member to this request."
        assert len(sandbox.dms(carol)) == 1

        joined = await click(sandbox, bob, post, "I'm in")
        assert joined.ephemeral
        assert "Alice has your profile" in joined.text
        [notice] = sandbox.dms(alice)
        show("alice (DM)", notice)
        assert "Bob is interested in your collaboration request #1" in notice.content
        assert notice.embed["title"] == "Bob builds websites"
        assert labels(notice) == ["Accept", "Decline"]

        twice = await sandbox.click(bob, post, "I'm in")
        show("bob (privately), second click", twice.message)
        assert twice.ephemeral
        assert twice.content == (
            "You have already answered request #1. The requester will get back to you."
        )
        assert len(sandbox.dms(alice)) == 1

        accepted = await followup(sandbox, await sandbox.click(alice, notice, "Accept"))
        [thread] = sandbox.threads(collab)
        show("alice (privately), after accepting", accepted)
        assert accepted.text == (
            f"You accepted Bob. The two of you can talk it over in {thread.mention}.\n"
            "Request #1 now has all the partners it asked for and is marked as matched."
        )
        assert labels(notice) == [] and notice.content.endswith("You accepted Bob.")
        assert thread.type == 12  # private
        assert set(thread.thread_members) >= {alice.id, bob.id}
        assert carol.id not in thread.thread_members
        [opening] = sandbox.messages(thread)
        show("alice and bob in their thread", opening)
        assert opening.pings.users == {alice.id, bob.id}
        assert "#1" in opening.content
        [good_news] = sandbox.dms(bob)
        show("bob (DM)", good_news)
        assert good_news.content == (
            f'Good news: Alice accepted you for "Developer for a bakery\'s new website". '
            f"Say hello in {thread.mention}."
        )

        show("everyone in #collab, afterwards", post)
        assert fields(post)["Status"] == "Matched"
        assert fields(post)["Partners"] == "1 of 1 partner found"
        assert labels(post) == []


async def test_a_declined_member_is_told_kindly_and_the_request_stays_open(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        [post] = sandbox.messages(collab)
        await click(sandbox, bob, post, "I'm in")
        [notice] = sandbox.dms(alice)

        declined = await followup(sandbox, await sandbox.click(alice, notice, "Decline"))
        show("alice (privately), after declining", declined)
        assert declined.text == "Done. Mozaik let Bob know, kindly."
        assert labels(notice) == [] and notice.content.endswith("You declined Bob.")
        [letter] = sandbox.dms(bob)
        show("bob (DM)", letter)
        assert letter.content.startswith(
            'Thank you for your interest in "Developer for a bakery\'s new website".'
        )
        assert sandbox.threads(collab) == []
        assert fields(post)["Partners"] == "0 of 1 partner found"
        assert labels(post) == ["I'm in"]


async def test_nobody_answers_their_own_request(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        [post] = sandbox.messages(hub.channel("collab"))
        own = await sandbox.click(alice, post, "I'm in")
        assert own.ephemeral
        assert own.content == "This is your own request, so you cannot answer it."
        assert sandbox.dms(alice) == []


async def test_a_member_who_left_is_not_invited(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(bot, bob, ("web-development",))
        posted = await request(sandbox, alice)
        hub.remove_member(bob)
        refused = await sandbox.click(alice, posted, "Invite Bob")
        assert refused.content == "That member is no longer in the hub."
        [looked_up] = sandbox.take_violations()
        assert looked_up.code == 10007  # how Mozaik learns they left
        assert sandbox.dms(bob) == []


async def test_an_invitation_to_closed_dms_is_reported_and_never_sent_again(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob", accepts_dms=False)
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(bot, bob, ("web-development",))
        posted = await request(sandbox, alice)
        invited = await sandbox.click(alice, posted, "Invite Bob")
        assert invited.content == (
            "Bob does not accept direct messages, so the invitation could not be delivered."
        )
        assert await drained(bot) == {"closed": 1}
        await bot.get_cog("Outbox").drain_due()
        assert [v.code for v in sandbox.take_violations()] == [50007]  # asked once
