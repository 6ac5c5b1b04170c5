"""Only the requester decides, wherever the buttons are shown, and the buttons survive a restart."""

from bot.sandbox import Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, show
from tests.support.replies import click, followup

from .e2e import request


async def test_buttons_sent_before_a_restart_still_work_after_it(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        [post] = sandbox.messages(collab)
        await click(sandbox, bob, post, "I'm in")
        [notice] = sandbox.dms(alice)

    async with sandbox.run_bot(settings):
        accepted = await followup(sandbox, await sandbox.click(alice, notice, "Accept"))
        show("alice (privately), after the restart", accepted)
        [thread] = sandbox.threads(collab)
        assert accepted.text.startswith(
            f"You accepted Bob. The two of you can talk it over in {thread.mention}"
        )
        assert fields(post)["Status"] == "Matched"


async def test_when_dms_are_closed_only_the_requester_is_pinged_and_only_they_can_accept(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice", accepts_dms=False)
    bob, carol = hub.add_member("bob"), hub.add_member("carol")
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        [post] = sandbox.messages(collab)
        joined = await click(sandbox, bob, post, "I'm in")
        assert "Alice has been told in the request's thread" in joined.text
        [closed_dms] = sandbox.take_violations()
        assert closed_dms.code == 50007
        [request_thread] = sandbox.threads(collab)
        assert post.thread is request_thread
        [notice] = sandbox.messages(request_thread)
        show("everyone who opens the request's thread", notice)
        assert notice.pings.users == {alice.id}
        assert labels(notice) == ["Accept", "Decline"]

        for stranger in (carol, bob):
            refused = await sandbox.click(stranger, notice, "Accept")
            assert refused.ephemeral
            assert refused.content == "Only the member who posted this request can do that."
        assert labels(notice) == ["Accept", "Decline"]

    async with sandbox.run_bot(settings):
        refused = await sandbox.click(carol, notice, "Decline")
        assert refused.content == "Only the member who posted this request can do that."
        accepted = await followup(sandbox, await sandbox.click(alice, notice, "Accept"))
        pair = sandbox.threads(collab)[-1]
        assert pair is not request_thread
        assert accepted.text.startswith(
            f"You accepted Bob. The two of you can talk it over in {pair.mention}"
        )
        assert {alice.id, bob.id} <= set(pair.thread_members)
        assert labels(notice) == []
