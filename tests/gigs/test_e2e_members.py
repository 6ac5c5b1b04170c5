"""What else members and moderators do with published gigs: edit them back under review,
report them, see their own, skip the queue when trusted; and text that never breaks a message."""

from datetime import timedelta

import pytest

from bot.sandbox import Sandbox, SandboxError
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, only, show
from tests.support.replies import click, finished

from .e2e import A_GIG, be_interested, decide_with_reason, post_gig


async def test_an_edited_published_gig_is_under_review_until_approved_again(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    queue = hub.channel("queue")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        await click(sandbox, mod, only(sandbox.messages(queue)), "Approve")
        post = only(sandbox.messages(hub.channel("gigs")))

        form = await sandbox.slash(alice, "gig edit", number=1, work_type="retainer")
        await finished(await sandbox.submit_modal(alice, form, {"pay": "6jt"}))
        show("everyone, in #gigs", post)
        assert "Under review" in post.embed["footer"]["text"]
        assert labels(post) == ["I'm interested (disabled)", "Report (disabled)"]
        assert "reviewing changes" in post.embed["description"]
        assert "fields" not in post.embed, "nothing unreviewed is shown"

        again = sandbox.messages(queue)[-1]
        await click(sandbox, mod, again, "Approve")
        show("everyone, in #gigs", post)
        assert only(sandbox.messages(hub.channel("gigs"))) is post
        assert fields(post)["Pay"] == "IDR6,000,000 a month"
        assert fields(post)["Work type"] == "Retainer"
        assert labels(post) == ["I'm interested", "Report"]


async def test_a_second_edit_within_the_hubs_pause_is_refused_saying_when_and_logs_nothing(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    queue, audit = hub.channel("queue"), hub.channel("audit")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        form = await sandbox.slash(alice, "gig edit", number=1)
        await finished(await sandbox.submit_modal(alice, form, {"pay": "6jt"}))
        queued, logged = len(sandbox.messages(queue)), len(sandbox.messages(audit))

        refused = await sandbox.slash(alice, "gig edit", number=1)
        show("alice", refused.message)
        again_at = int(clock.now().timestamp()) + settings.hub_defaults.post_cooldown_seconds
        assert refused.modal is None
        assert f"You can change it again <t:{again_at}:R>." in refused.content
        assert (len(sandbox.messages(queue)), len(sandbox.messages(audit))) == (queued, logged)

        clock.advance(timedelta(seconds=settings.hub_defaults.post_cooldown_seconds))
        form = await sandbox.slash(alice, "gig edit", number=1)
        assert form.modal is not None, "once the pause is over, the gig can be edited again"


async def test_a_report_reaches_the_queue_and_a_moderator_removes_the_gig(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    bob = hub.add_member("bob")
    queue = hub.channel("queue")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        await click(sandbox, mod, only(sandbox.messages(queue)), "Approve")
        post = only(sandbox.messages(hub.channel("gigs")))

        why = await click(sandbox, bob, post, "Report")
        assert why.ephemeral and "What's wrong with gig #1?" in why.text
        thanks = await click(sandbox, bob, why, "Looks like a scam")
        assert "Thanks for reporting gig #1" in thanks.text
        assert "already reported" in (await click(sandbox, bob, why, "Off-topic")).text

        report = sandbox.messages(queue)[-1]
        show("the moderators, in #queue", report)
        assert bob.mention in report.content and "Looks like a scam" in report.content
        assert labels(report) == ["Remove", "Keep it"]

        removed = await decide_with_reason(
            sandbox, mod, report, "Remove", "Asks for a deposit up front."
        )
        assert "Gig #1 is removed" in removed.text
        assert "Removed by" in report.content
        assert labels(report) == ["Remove (disabled)", "Keep it (disabled)"]
        assert "Removed by a moderator" in post.embed["footer"]["text"]
        told = sandbox.dms(alice)[-1]
        show("alice, in DMs", told)
        assert "Asks for a deposit up front." in told.text


async def test_a_trusted_poster_skips_the_queue_but_not_the_rules(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    trusted = hub.add_member("trusted", roles=["Trusted"])
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        published = await post_gig(sandbox, trusted)
        show("trusted", published)
        assert "Gig #1 is published" in published.text
        assert sandbox.messages(hub.channel("queue")) == []
        only(sandbox.messages(hub.channel("gigs")))
        refused = await sandbox.slash(
            trusted,
            "gig post",
            kind="hiring",
            work_type="project",
            location="remote",
            level="mid",
        )
        assert "You've just posted a gig" in refused.content


async def test_members_see_their_own_gigs_and_moderators_the_queue(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    bob = hub.add_member("bob")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)

        mine = await finished(await sandbox.slash(alice, "gig mine"))
        show("alice", mine)
        assert "#1" in mine.text and "Under review" in mine.text
        queue = await finished(await sandbox.slash(mod, "gigmod queue"))
        show("mod", queue)
        assert "Waiting for a decision: 1" in queue.text and alice.mention in queue.text
        hidden = await finished(await sandbox.slash(bob, "gig show", number=1))
        assert hidden.text == "There is no gig #1 here."
        with pytest.raises(SandboxError, match="bob does not see /gigmod"):
            await sandbox.slash(bob, "gigmod queue")
        shown = await finished(await sandbox.slash(alice, "gig show", number=1))
        assert shown.embed["title"] == f"#1 · {A_GIG['title']}"


async def test_the_longest_and_most_hostile_text_fits_every_message_and_pings_nobody(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    bob = hub.add_member("bob")
    pings = f"@everyone @here {bob.mention} {hub.role('Moderators').mention} "
    hostile = {
        "title": (pings + "T" * 100)[:100],
        "description": (pings + "**x** " * 400)[:2000],
        "skills": "Python, Figma, SEO, Copywriting, Canva, Blender, Laravel, React",
        "pay": "999999999999",
        "apply": "2099-12-31",
    }
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice, hostile, location="onsite", city="K" * 60)
        waiting = only(sandbox.messages(hub.channel("queue")))
        await click(sandbox, mod, waiting, "Approve")
        post = only(sandbox.messages(hub.channel("gigs")))
        await be_interested(sandbox, bob, post)
        await finished(await sandbox.slash(bob, "gig list"))
        await finished(await sandbox.slash(bob, "gig search", query="TTTT"))
        await finished(await sandbox.slash(alice, "gig mine"))
        await finished(await sandbox.slash(mod, "gigmod queue"))
        shown = await finished(await sandbox.slash(bob, "gig show", number=1))

        assert post.embed["description"] == hostile["description"]
        for message in [
            waiting,
            post,
            shown,
            *sandbox.dms(alice),
            *sandbox.messages(hub.channel("audit")),
        ]:
            assert message.pings.nobody, message.text
