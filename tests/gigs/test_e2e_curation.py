"""Moderators' decisions: reasons reach the poster, only moderators decide, one decision wins,
and the queue's buttons survive a restart."""

import asyncio

from bot.sandbox import Guild, Member, Message, Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import labels, only, show
from tests.support.replies import click, finished

from .e2e import A_GIG, CHOICES, be_interested, decide_with_reason, post_gig


async def rejected(sandbox: Sandbox, hub: Guild, poster: Member) -> tuple[Message, Message]:
    """`poster` posts a gig that a moderator rejects, with a reason: what the moderator is told,
    and the gig's queue message."""
    mod = hub.add_member("mod", roles=["Moderators"])
    await set_up_hub(sandbox, hub)
    await post_gig(sandbox, poster)
    waiting = only(sandbox.messages(hub.channel("queue")))
    answer = await decide_with_reason(
        sandbox, mod, waiting, "Reject", "Unpaid trial work isn't allowed here."
    )
    return answer, waiting


async def test_a_rejection_carries_its_reason_to_the_poster(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        answer, waiting = await rejected(sandbox, hub, alice)
        show("mod", answer)
        assert "rejected; the poster has your reason" in answer.text
        told = only(sandbox.dms(alice))
        show("alice, in DMs", told)
        assert "was not approved" in told.text
        assert "Unpaid trial work isn't allowed here." in told.text
        show("the moderators, in #queue", waiting)
        assert "Rejected by" in waiting.content and "Unpaid trial work" in waiting.content
        assert labels(waiting) == [
            "Approve (disabled)",
            "Reject (disabled)",
            "Request changes (disabled)",
        ]
        assert sandbox.messages(hub.channel("gigs")) == []


async def test_a_poster_with_closed_dms_reads_the_reason_with_gig_show(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice", accepts_dms=False)
    async with sandbox.run_bot(settings):
        answer, _ = await rejected(sandbox, hub, alice)
        show_gig = sandbox.mention("gig show")
        assert f"they'll see the reason with {show_gig} (number 1)" in answer.text
        assert [v.code for v in sandbox.take_violations()] == [50007]  # the DM Discord refused
        shown = await finished(await sandbox.slash(alice, "gig show", number=1))
        assert shown.ephemeral
        assert "Moderator's reason\nUnpaid trial work isn't allowed here." in shown.text
        other = await sandbox.slash(hub.add_member("bob"), "gig show", number=1)
        assert "Unpaid trial work" not in (await finished(other)).text


async def test_requested_changes_reach_the_poster_whose_edit_goes_back_to_the_queue(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    queue = hub.channel("queue")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        answer = await decide_with_reason(
            sandbox, mod, only(sandbox.messages(queue)), "Request changes", "Say when it's due."
        )
        assert "Changes to gig #1 are requested" in answer.text
        told = only(sandbox.dms(alice))
        show("alice, in DMs", told)
        assert "Say when it's due." in told.text
        assert f"Make them with {sandbox.mention('gig edit')} (number 1)" in told.text

        form = await sandbox.slash(alice, "gig edit", number=1)
        assert form.modal is not None
        assert form.modal.field("title")["value"] == A_GIG["title"]
        assert form.modal.field("pay")["value"] == "5000000-8000000"
        edited = await finished(
            await sandbox.submit_modal(
                alice, form, {"description": A_GIG["description"] + "\nDue 15 December."}
            )
        )
        show("alice", edited)
        assert "changes to gig #1 are with the moderators" in edited.text
        first, again = sandbox.messages(queue)
        show("the moderators, in #queue", again)
        assert "edited gig #1" in again.content
        assert "Due 15 December." in again.embed["description"]
        assert labels(again) == ["Approve", "Reject", "Request changes"]
        assert labels(first) == [
            "Approve (disabled)",
            "Reject (disabled)",
            "Request changes (disabled)",
        ]


async def test_a_member_who_is_not_a_moderator_cannot_approve(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    mallory = hub.add_member("mallory")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        waiting = only(sandbox.messages(hub.channel("queue")))

        refused = await click(sandbox, mallory, waiting, "Approve")
        show("mallory", refused)
        assert refused.ephemeral
        assert refused.text.startswith("Only the hub's moderators can approve, reject, feature")
        assert f"a role an admin named with {sandbox.mention('hub role')}" in refused.text
        assert labels(waiting) == ["Approve", "Reject", "Request changes"]
        assert "waiting for a moderator" in waiting.content
        assert sandbox.messages(hub.channel("gigs")) == []
        opened = await sandbox.click(mallory, waiting, "Reject")
        assert opened.modal is None and "Only the hub's moderators can" in opened.content
        assert sandbox.dms(alice) == []


async def test_two_moderators_approving_at_once_make_one_decision(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    first = hub.add_member("first", roles=["Moderators"])
    second = hub.add_member("second", roles=["Moderators"])
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        waiting = only(sandbox.messages(hub.channel("queue")))

        replies = await asyncio.gather(
            sandbox.click(first, waiting, "Approve"), sandbox.click(second, waiting, "Approve")
        )
        answers = [(await finished(reply)).text for reply in replies]
        print("\n".join(answers))
        assert sum("approved and published" in answer for answer in answers) == 1
        assert sum("already decided by another moderator" in answer for answer in answers) == 1
        only(sandbox.messages(hub.channel("gigs")))
        assert len(sandbox.dms(alice)) == 1
        assert waiting.content.count("Approved by") == 1


async def test_queue_buttons_work_after_a_restart(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
    waiting = only(sandbox.messages(hub.channel("queue")))

    async with sandbox.run_bot(settings):
        approved = await click(sandbox, mod, waiting, "Approve")
        assert "approved and published" in approved.text
        post = only(sandbox.messages(hub.channel("gigs")))
        assert labels(post) == ["I'm interested", "Report"]
    async with sandbox.run_bot(settings):
        bob = hub.add_member("bob")
        interested = await be_interested(sandbox, bob, post)
        assert "knows you're interested" in interested.text


async def test_a_form_opened_before_a_restart_is_accepted_after_it(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        opened = await sandbox.slash(alice, "gig post", **CHOICES)
        assert opened.modal is not None
    async with sandbox.run_bot(settings):
        submitted = await finished(await sandbox.submit_modal(alice, opened, A_GIG))
        assert "Gig #1 is with the moderators" in submitted.text
        only(sandbox.messages(hub.channel("queue")))
