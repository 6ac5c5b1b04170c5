"""Each posting rule refuses with its own message, privately, and nothing typed is lost."""

from datetime import timedelta

from bot.sandbox import Sandbox
from bot.sandbox.permissions import BOT_DEFAULT, MANAGE_GUILD
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import labels, only, show
from tests.support.replies import finished

from .e2e import A_GIG, CHOICES, post_gig


def another(number: int) -> dict[str, str]:
    return {**A_GIG, "title": f"Illustration number {number}", "description": f"Job {number}"}


async def test_over_the_weekly_limit_is_refused_before_the_form_opens(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        for number in range(1, 4):
            assert (
                f"Gig #{number} is with" in (await post_gig(sandbox, alice, another(number))).text
            )
            clock.advance(timedelta(minutes=2))

        refused = await sandbox.slash(alice, "gig post", **CHOICES)
        show("alice", refused.message)
        assert refused.modal is None and refused.ephemeral
        assert "You already have 3 open gigs posted in the last 7 days" in refused.content
        assert "/gig close" in refused.content

        clock.advance(timedelta(days=7))
        assert (await sandbox.slash(alice, "gig post", **CHOICES)).modal is not None


async def test_an_admin_sets_the_hubs_own_posting_rules(sandbox: Sandbox, settings, clock):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        rules = {"gigs-per-week": 1, "cooldown": 0}
        saved = await sandbox.slash(hub.owner, "hub rules", **rules)
        rules_text = "open gigs a week for each member: 1 · seconds between posts: 0"
        assert rules_text in saved.message.text

        await post_gig(sandbox, alice)
        again = await sandbox.slash(alice, "gig post", **CHOICES)
        assert "You already have 1 open gig posted in the last 7 days" in again.content


async def test_the_cooldown_says_when_to_post_again(sandbox: Sandbox, settings, clock):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        refused = await sandbox.slash(alice, "gig post", **CHOICES)
        ready = int((clock.now() + timedelta(seconds=60)).timestamp())
        assert refused.content == (
            f"You've just posted a gig. You can post the next one <t:{ready}:R>."
        )


async def test_a_duplicate_is_refused_and_the_text_comes_back_to_edit_and_resend(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        clock.advance(timedelta(minutes=5))
        same = {**A_GIG, "title": A_GIG["title"].upper() + "!"}

        refused = await post_gig(sandbox, alice, same)
        show("alice", refused)
        assert "This looks the same as your gig #1" in refused.text
        assert "Nothing you typed is lost" in refused.text
        assert labels(refused) == ["Edit and resend"]

        reopened = await sandbox.click(alice, refused, "Edit and resend")
        assert reopened.modal is not None
        assert reopened.modal.field("title")["value"] == same["title"]
        assert reopened.modal.field("description")["value"] == A_GIG["description"]
        resent = await finished(
            await sandbox.submit_modal(alice, reopened, {"description": "A different job."})
        )
        assert "Gig #2 is with the moderators" in resent.text


async def test_a_banned_member_is_told_why_until_the_ban_is_lifted(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        banned = await sandbox.slash(mod, "gigmod ban", member=alice, reason="Spam links")
        assert "can't post gigs" in (await banned.wait_followup()).text

        refused = await sandbox.slash(alice, "gig post", **CHOICES)
        show("alice", refused.message)
        assert refused.content == (
            "You can't post gigs in this hub. The moderators' reason: Spam links"
        )
        await (await sandbox.slash(mod, "gigmod unban", member=alice)).wait_followup()
        assert (await sandbox.slash(alice, "gig post", **CHOICES)).modal is not None


async def test_an_http_link_is_refused_and_can_be_fixed_in_the_reopened_form(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        typed = {**A_GIG, "apply": "http://kopi.example/apply"}
        refused = await post_gig(sandbox, alice, typed)
        show("alice", refused)
        assert "Links must start with https://" in refused.text
        assert "http://kopi.example/apply" in refused.text

        reopened = await sandbox.click(alice, refused, "Edit and resend")
        assert reopened.modal.field("apply")["value"] == "http://kopi.example/apply"
        fixed = await finished(
            await sandbox.submit_modal(alice, reopened, {"apply": "https://kopi.example/apply"})
        )
        assert "Gig #1 is with the moderators" in fixed.text


async def test_a_past_apply_by_date_and_an_upside_down_range_are_refused(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        past = await post_gig(sandbox, alice, {**A_GIG, "apply": "2026-11-01"})
        show("alice", past)
        assert "The apply-by date 2026-11-01 has already passed" in past.text

        upside_down = await post_gig(sandbox, alice, {**A_GIG, "pay": "8jt-5jt"})
        show("alice", upside_down)
        assert "lower end of the pay range (8jt) is above the upper end (5jt)" in upside_down.text
        assert labels(upside_down) == ["Edit and resend"]
        assert sandbox.messages(hub.channel("queue")) == []


async def test_text_the_servers_automod_would_block_never_reaches_the_queue(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    hub.set_bot_permissions(BOT_DEFAULT | MANAGE_GUILD)
    hub.add_automod_rule("no gambling", ["judi*"])
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        typed = {**A_GIG, "description": "Desain banner untuk situs judionline kami"}
        refused = await post_gig(sandbox, alice, typed)
        show("alice", refused)
        assert 'AutoMod rules don\'t allow "judionline"' in refused.text
        assert sandbox.messages(hub.channel("queue")) == []


async def test_a_refusal_speaks_the_members_language(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    sari = hub.add_member("sari", locale="id")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        refused = await post_gig(sandbox, sari, {**A_GIG, "pay": "nego"})
        show("sari", refused)
        assert 'Mozaik tidak bisa membaca "nego" sebagai bayaran' in refused.text
        assert labels(refused) == ["Ubah dan kirim ulang"]
        only(refused.components)
