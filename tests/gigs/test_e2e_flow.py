"""A gig's whole life as members and moderators see it: form, queue, approval, post, interest,
closing; in a text channel and in a forum."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.intros.model import Availability, ProfileContent
from bot.intros.store.profiles import save_profile
from bot.sandbox import Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, only, show, texts
from tests.support.replies import click, finished

from .e2e import A_GIG, be_interested, post_gig


async def introduce(bot, member, headline: str) -> None:
    """The member's introduction, as /intro set saves it."""
    content = ProfileContent(
        headline=headline,
        about="",
        skills=("graphic-design",),
        links=(),
        availability=Availability.OPEN_TO_WORK,
    )
    await save_profile(
        bot.store,
        member.guild.id,
        member.id,
        content,
        display_name=member.name,
        locale="en",
        now=datetime.now(UTC),
    )


async def test_post_approve_publish_interest_close_in_a_text_channel(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    bob = hub.add_member("bob")
    queue, gigs, audit = hub.channel("queue"), hub.channel("gigs"), hub.channel("audit")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)

        submitted = await post_gig(sandbox, alice)
        show("alice", submitted)
        assert submitted.ephemeral
        assert "Gig #1 is with the moderators" in submitted.text

        waiting = only(sandbox.messages(queue))
        show("the moderators, in #queue", waiting)
        assert waiting.embed["title"] == f"#1 · {A_GIG['title']}"
        assert fields(waiting)["Pay"] == "IDR5,000,000 – IDR8,000,000 for the project"
        assert labels(waiting) == ["Approve", "Reject", "Request changes"]
        assert sandbox.messages(gigs) == []

        approved = await click(sandbox, mod, waiting, "Approve")
        show("mod", approved)
        assert approved.ephemeral and "Gig #1 is approved and published" in approved.text
        assert "Approved by" in waiting.content and mod.mention in waiting.content
        assert labels(waiting) == [
            "Approve (disabled)",
            "Reject (disabled)",
            "Request changes (disabled)",
        ]

        post = only(sandbox.messages(gigs))
        show("everyone, in #gigs", post)
        assert post.embed["title"] == f"#1 · {A_GIG['title']}"
        assert fields(post)["Skills"] == "Graphic Design, Packaging Design"
        assert labels(post) == ["I'm interested", "Report"]
        assert post.pings.nobody
        assert "is published" in only(sandbox.dms(alice)).text

        interested = await be_interested(sandbox, bob, post)
        show("bob", interested)
        assert "knows you're interested" in interested.text
        told = sandbox.dms(alice)[-1]
        show("alice, in DMs", told)
        assert bob.mention in told.text and "#1" in told.text
        again = await click(sandbox, bob, post, "I'm interested")
        assert "already told the poster" in again.text
        assert len(sandbox.dms(alice)) == 2

        await introduce(bot, bob, "Brand designer for cafés and bakeries")
        applicants = await sandbox.slash(alice, "gig applicants", number=1)
        listed = await applicants.wait_followup()
        show("alice", listed)
        assert bob.mention in listed.text
        assert "Brand designer for cafés and bakeries" in listed.text
        refused = await (await sandbox.slash(bob, "gig applicants", number=1)).wait_followup()
        assert "Only the poster of gig #1 and the moderators" in refused.text

        closing = await sandbox.slash(alice, "gig close", number=1, reason="filled")
        question = await closing.wait_followup()
        show("alice", question)
        assert "was it filled through this hub?" in question.text
        thanks = await sandbox.click(alice, question, "Yes, through this hub")
        assert "thanks for letting Mozaik know" in thanks.message.text
        show("everyone, in #gigs", post)
        assert "Closed: filled" in post.embed["footer"]["text"]
        assert labels(post) == ["I'm interested (disabled)", "Report (disabled)"]

        stats = await (await sandbox.slash(mod, "gigmod stats")).wait_followup()
        show("mod", stats)
        assert fields(stats)["Filled through this hub"] == "1"

        log = texts(sandbox.messages(audit))
        print("\n--- #audit ---\n" + "\n".join(log))
        assert len(log) == 3
        assert "submitted by" in log[0] and "approved by" in log[1] and "closed" in log[2]
        assert all(message.pings.nobody for message in sandbox.messages(audit))


async def test_a_forum_gets_one_post_per_gig_with_matching_tags_archived_when_closed(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox, forums={"gigs": ("Remote", "On-site", "Project", "Retainer", "Design")})
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    gigs = hub.channel("gigs")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        await click(sandbox, mod, only(sandbox.messages(hub.channel("queue"))), "Approve")

        thread = only(sandbox.threads(gigs))
        assert thread.name == f"#1 · {A_GIG['title']}"
        names = {tag.id: tag.name for tag in gigs.available_tags}
        assert sorted(names[tag] for tag in thread.applied_tags) == ["Project", "Remote"]
        post = only(sandbox.messages(thread))
        show("everyone, in the forum post", post)
        assert labels(post) == ["I'm interested", "Report"]

        closing = await sandbox.slash(alice, "gig close", number=1, reason="withdrawn")
        assert "is closed" in (await closing.wait_followup()).text
        assert "Closed by the poster" in post.embed["footer"]["text"]
        assert labels(post) == ["I'm interested (disabled)", "Report (disabled)"]
        assert thread.archived and thread.locked


async def test_interest_reaches_a_poster_with_closed_dms_in_the_thread_pinging_only_them(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    closed = hub.add_member("closed", accepts_dms=False)
    bob = hub.add_member("bob")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, closed)
        await click(sandbox, mod, only(sandbox.messages(hub.channel("queue"))), "Approve")
        post = only(sandbox.messages(hub.channel("gigs")))

        interested = await be_interested(sandbox, bob, post)
        assert "told them in the gig's thread" in interested.text
        thread = only(sandbox.threads(hub.channel("gigs")))
        note = only(sandbox.messages(thread))
        show("the gig's thread", note)
        assert closed.mention in note.text and bob.mention in note.text
        assert note.pings.users == {closed.id}
    # Discord refused the DMs (approval, then interest) as it does when DMs are closed.
    assert [v.code for v in sandbox.take_violations()] == [50007, 50007]


@pytest.mark.long
async def test_a_forum_post_renamed_too_often_keeps_its_name_without_holding_the_moderator(
    sandbox: Sandbox, settings, clock
):
    # Discord renames a channel (a forum post too) twice per 10 minutes; the third edit's
    # approval must not wait those minutes out, nor fail.
    hub = a_hub(sandbox, forums={"gigs": ()})
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    queue = hub.channel("queue")
    pause = timedelta(seconds=settings.hub_defaults.post_cooldown_seconds)
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        await click(sandbox, mod, only(sandbox.messages(queue)), "Approve")
        thread = only(sandbox.threads(hub.channel("gigs")))
        for edit in (1, 2, 3):
            clock.advance(pause)
            form = await sandbox.slash(alice, "gig edit", number=1)
            await finished(await sandbox.submit_modal(alice, form, {"title": f"Edit {edit}"}))
            began = time.monotonic()
            approved = await click(sandbox, mod, sandbox.messages(queue)[-1], "Approve")
            assert "approved and published" in approved.text, approved.text
            assert time.monotonic() - began < 15, "not ten minutes of waiting for Discord"
            assert only(sandbox.messages(thread)).embed["title"].endswith(f"Edit {edit}")
        assert thread.name == "#1 · Edit 2", "the third rename waits for a later change"
