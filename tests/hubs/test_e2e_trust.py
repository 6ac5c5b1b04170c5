"""The trust gates through the running bot: each refuses politely and says when the member may
post; reports hold a gig at the hub's number; another member's copy and blocked links are
refused; /gigmod stats shows the completion rate and the median wait for a decision."""

from datetime import timedelta

from bot.clock import ManualClock
from bot.hubs.trust import account_created_at
from bot.sandbox import Guild, Member, Message, Sandbox
from tests.collab.e2e import A_REQUEST
from tests.collab.e2e import request as collab_request
from tests.gigs.e2e import A_GIG, CHOICES, post_gig
from tests.intros.e2e import A_FORM, introduce
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, only, show
from tests.support.replies import click, finished

REQUEST_CHOICES = {"kind": "project_partner", "compensation": "paid"}


def discord_now(sandbox: Sandbox) -> ManualClock:
    """Mozaik's clock set to Discord's, so accounts and joins made now are brand new to it."""
    return ManualClock(sandbox.world.clock.now())


async def published_where_reports_hold(
    sandbox: Sandbox, hub: Guild, mod: Member, poster: Member, *, holding_at: int
) -> Message:
    """The hub set up to hold a gig at `holding_at` reports, and the poster's gig published."""
    await set_up_hub(sandbox, hub)
    await sandbox.slash(hub.owner, "hub rules", **{"hold-after-reports": holding_at})
    await post_gig(sandbox, poster)
    await click(sandbox, mod, only(sandbox.messages(hub.channel("queue"))), "Approve")
    return only(sandbox.messages(hub.channel("gigs")))


async def test_a_new_account_and_a_newcomer_are_told_when_they_may_post(sandbox: Sandbox, settings):
    old_user = sandbox.world.add_user("bob")
    sandbox.elapse(timedelta(days=30))
    hub = a_hub(sandbox)
    bob = hub.add_member(old_user)  # an account a month old, in the server just now
    alice = hub.add_member("alice")  # a Discord account made just now, in the server just now
    clock = discord_now(sandbox)
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        gates = {"account-days": 7, "server-hours": 48}
        saved = await sandbox.slash(hub.owner, "hub rules", **gates)
        show("the admin", saved.message)
        assert "days the account must exist: 7 · hours in the server: 48" in saved.message.text

        refused = await sandbox.slash(alice, "gig post", **CHOICES)
        show("alice", refused.message)
        ready = int((account_created_at(alice.id) + timedelta(days=7)).timestamp())
        assert refused.modal is None and refused.ephemeral
        assert refused.content == (
            "Thanks for wanting to post! This hub asks for a Discord account at least 7 days "
            f"old first, so you can post <t:{ready}:R> (<t:{ready}:f>)."
        )
        asked = await sandbox.slash(alice, "collab request", **REQUEST_CHOICES)
        assert asked.modal is None and f"<t:{ready}:R>" in asked.content

        refused = await sandbox.slash(bob, "gig post", **CHOICES)
        show("bob", refused.message)
        joined = int((bob.joined_at + timedelta(hours=48)).timestamp())
        assert refused.content == (
            "Welcome to the hub! Members post here after their first 48 hours in the server, "
            f"so you can post <t:{joined}:R> (<t:{joined}:f>)."
        )
        asked = await sandbox.slash(bob, "collab request", **REQUEST_CHOICES)
        assert asked.modal is None and f"<t:{joined}:R>" in asked.content

        clock.advance(timedelta(hours=48, seconds=1))
        assert (await sandbox.slash(bob, "gig post", **CHOICES)).modal is not None
        assert (await sandbox.slash(bob, "collab request", **REQUEST_CHOICES)).modal is not None
        assert (await sandbox.slash(alice, "gig post", **CHOICES)).modal is None
        clock.advance(timedelta(days=5))
        assert "is with the moderators" in (await post_gig(sandbox, alice)).text


async def test_in_indonesian_the_gate_speaks_to_kamu(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    siti = hub.add_member("siti", locale="id")
    async with sandbox.run_bot(settings, clock=discord_now(sandbox)):
        await set_up_hub(sandbox, hub)
        await sandbox.slash(hub.owner, "hub rules", **{"server-hours": 24})
        refused = await sandbox.slash(siti, "gig post", **CHOICES)
        show("siti", refused.message)
        assert "24 jam pertama di server, jadi kamu bisa memasang <t:" in refused.content


async def test_reports_from_the_hubs_number_of_members_hold_a_gig_for_the_moderators(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice, bob, carol = (hub.add_member(name) for name in ("alice", "bob", "carol"))
    queue = hub.channel("queue")
    async with sandbox.run_bot(settings):
        post = await published_where_reports_hold(sandbox, hub, mod, alice, holding_at=2)

        why = await click(sandbox, bob, post, "Report")
        await click(sandbox, bob, why, "Looks like a scam")
        assert labels(post) == ["I'm interested", "Report"], "one report holds nothing"

        why = await click(sandbox, carol, post, "Report")
        thanks = await click(sandbox, carol, why, "Looks like a scam")
        assert "Thanks for reporting gig #1" in thanks.text
        show("everyone, in #gigs", post)
        assert "Under review" in post.embed["footer"]["text"]
        assert labels(post) == ["I'm interested (disabled)", "Report (disabled)"]
        assert "fields" not in post.embed, "nothing of a held gig is shown, its links neither"
        held = sandbox.messages(queue)[-1]
        show("the moderators, in #queue", held)
        assert "held back after 2 members reported it" in held.content
        assert labels(held) == ["Approve", "Reject", "Request changes"]
        told = sandbox.dms(alice)[-1]
        show("alice, in DMs", told)
        assert "was reported by several members, so it is off the board" in told.text
        assert held.pings.nobody and told.pings.nobody

        board = await finished(await sandbox.slash(bob, "gig list"))
        assert "#1" not in board.text, "a held gig is off the board"

        approved = await click(sandbox, mod, held, "Approve")
        assert "Gig #1 is approved" in approved.text
        assert labels(post) == ["I'm interested", "Report"]
        assert fields(post)["Pay"] == "IDR5,000,000 – IDR8,000,000 for the project"
        assert "is published" in sandbox.dms(alice)[-1].text, "the poster hears it is back"
        assert only(sandbox.messages(hub.channel("gigs"))) is post


async def test_a_held_gig_a_moderator_rejects_stays_down(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    queue = hub.channel("queue")
    async with sandbox.run_bot(settings):
        post = await published_where_reports_hold(sandbox, hub, mod, alice, holding_at=1)
        await click(sandbox, bob, await click(sandbox, bob, post, "Report"), "Looks like a scam")
        held = sandbox.messages(queue)[-1]
        assert "held back after a report" in held.content

        opened = await sandbox.click(mod, held, "Reject")
        assert opened.modal is not None
        await finished(await sandbox.submit_modal(mod, opened, {"reason": "A deposit scam."}))
        show("everyone, in #gigs", post)
        assert labels(post) == ["I'm interested (disabled)", "Report (disabled)"]
        assert "A deposit scam." in sandbox.dms(alice)[-1].text


async def test_the_same_gig_text_from_another_member_is_refused(sandbox: Sandbox, settings):
    clock = discord_now(sandbox)
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        copied = {
            **A_GIG,
            "title": "LOGO  and packaging for a coffee\u200b shop",
            "description": A_GIG["description"].upper(),
        }
        refused = await post_gig(sandbox, bob, copied)
        show("bob", refused)
        assert "Another member already has an open gig with this same text" in refused.text
        assert "#1" not in refused.text, "a gig still in the queue is not named"
        assert labels(refused) == ["Edit and resend"]

        own = {**copied, "description": "Our own café in Jakarta wants a logo, 2 concepts."}
        assert "is with the moderators" in (await post_gig(sandbox, bob, own)).text


async def test_links_to_a_blocked_domain_are_refused_in_gigs_introductions_and_requests(
    sandbox: Sandbox, settings
):
    clock = discord_now(sandbox)
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        saved = await sandbox.slash(hub.owner, "hub rules", **{"block-domain": "Scam.Example"})
        assert "blocked link domains: `scam.example`" in saved.message.text
        refusal = "Links to scam.example can't be posted in this hub."

        scam = {**A_GIG, "description": "Pay the deposit at https://pay.scam.example/now."}
        gig = await post_gig(sandbox, alice, scam)
        show("alice", gig)
        assert refusal in gig.text

        intro = await introduce(sandbox, alice, {**A_FORM, "links": "www.scam.example/me"})
        assert refusal in intro.message.text

        asking = {**A_REQUEST, "description": "Details at https://scam.example/form"}
        assert refusal in (await collab_request(sandbox, alice, asking)).text

        allowed = {"unblock-domain": "scam.example"}
        unblocked = await sandbox.slash(hub.owner, "hub rules", **allowed)
        assert "blocked link domains: not set" in unblocked.message.text
        assert "is with the moderators" in (await post_gig(sandbox, alice, scam)).text


async def test_stats_show_the_completion_rate_and_the_median_wait_for_a_decision(
    sandbox: Sandbox, settings
):
    clock = discord_now(sandbox)
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    queue = hub.channel("queue")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        before = await (await sandbox.slash(mod, "gigmod stats")).wait_followup()
        assert fields(before)["Completion rate"] == "none yet"
        assert fields(before)["Median time to a decision"] == "none yet"

        await post_gig(sandbox, alice)
        clock.advance(timedelta(hours=3))
        await click(sandbox, mod, only(sandbox.messages(queue)), "Approve")
        closing = await sandbox.slash(alice, "gig close", number=1, reason="filled")
        await sandbox.click(alice, await closing.wait_followup(), "Yes, through this hub")

        stats = await (await sandbox.slash(mod, "gigmod stats")).wait_followup()
        show("mod", stats)
        assert fields(stats)["Completion rate"] == (
            "100% (1 of 1 closed gigs filled through this hub)"
        )
        assert fields(stats)["Median time to a decision"] == "3 hours"
