"""Only the requester decides, wherever the buttons are shown, and the buttons survive a restart."""

from bot.sandbox import Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, show
from tests.support.replies import click, finished, followup

from .e2e import A_REQUEST, request


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


async def test_forms_and_a_refused_draft_outlive_a_restart(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        opened = await sandbox.slash(alice, "collab request", kind="mentor", compensation="unpaid")
        refused = await request(sandbox, bob, form={**A_REQUEST, "skills": "Pyhton"})
        assert "Nothing you typed is lost" in refused.text

    async with sandbox.run_bot(settings):
        # A form opened before the restart, sent after it: it counts, choices and all.
        sent = await finished(await sandbox.submit_modal(alice, opened, A_REQUEST))
        assert sent.text.startswith("Your request #1 is posted"), sent.text
        [post] = sandbox.messages(hub.channel("collab"))
        assert fields(post)["Looking for"] == "Mentor"
        assert fields(post)["Compensation"] == "Unpaid"

        # The refused draft is in the store: it reopens with what was typed.
        reopened = await sandbox.click(bob, refused, "Edit and send again")
        assert reopened.modal is not None
        assert reopened.modal.field("skills")["value"] == "Pyhton"
        fixed = await finished(await sandbox.submit_modal(bob, reopened, {"skills": "Python"}))
        assert fixed.text.startswith("Your request #2 is posted"), fixed.text

    async with sandbox.run_bot(settings):
        gone = await sandbox.click(bob, refused, "Edit and send again")
        assert gone.content.startswith("That draft is no longer kept.")


async def test_a_reject_form_opened_before_a_restart_is_answered_after_it(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, mona = hub.add_member("alice"), hub.add_member("mona", roles=["Moderators"])
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await sandbox.slash(hub.owner, "hub setup", **{"collab-review": True})
        await request(sandbox, alice)
        [review] = sandbox.messages(hub.channel("queue"))
        form = await sandbox.click(mona, review, "Reject")
        assert form.modal is not None

    async with sandbox.run_bot(settings):
        done = await finished(await sandbox.submit_modal(mona, form, {"reason": "No budget."}))
        assert done.text == "Request #1 is rejected and the member was told why."
        assert review.content.startswith("Rejected by Mona: No budget.")
        assert labels(review) == []
