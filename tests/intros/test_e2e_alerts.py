"""Skill alerts: an approved gig DMs, once, the members who turned alerts on and offer one of its
skills, through the outbox; a member who does not accept DMs is recorded, not asked again."""

from bot.sandbox import Sandbox
from tests.gigs.e2e import post_gig
from tests.support.hub import a_hub, set_up_hub
from tests.support.outbox import drained
from tests.support.replies import finished

from .e2e import A_FORM, introduce

A_GIG = {
    "title": "Shop front end",
    "description": "A storefront for our coffee.",
    "skills": "Python, SEO",
    "pay": "5jt",
    "apply": "",
}


async def approve_a_gig(sandbox, hub, moderator, poster, form=A_GIG):
    await post_gig(sandbox, poster, form)
    [waiting] = [m for m in sandbox.messages(hub.channel("queue")) if m.components]
    await finished(await sandbox.click(moderator, waiting, "Approve"))


async def test_an_approved_gig_alerts_exactly_the_opted_in_members_whose_skills_match(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    moderator = hub.add_member("mod", roles=["Moderators"])
    poster = hub.add_member("poster")
    wants = hub.add_member("wants")
    quiet = hub.add_member("quiet")
    elsewhere = hub.add_member("elsewhere")
    sari = hub.add_member("sari", locale="id")
    closed = hub.add_member("closed", accepts_dms=False)
    gone = hub.add_member("gone")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        for member, skills in [
            (poster, "Python"),
            (wants, "Python, Copywriting"),
            (quiet, "Python"),
            (elsewhere, "Copywriting"),
            (sari, "SEO"),
            (closed, "Python"),
            (gone, "SEO"),
        ]:
            await introduce(sandbox, member, form={**A_FORM, "skills": skills})
            if member is not quiet:
                turned_on = await sandbox.slash(member, "intro alerts", state="on")
                assert turned_on.ephemeral
        hub.remove_member(gone)

        await approve_a_gig(sandbox, hub, moderator, poster)
        counts = await drained(bot)

        alerted = {member.name for member in hub.members.values() if sandbox.dms(member)}
        assert alerted - {"poster"} == {"wants", "sari"}
        assert not any("New gig for your skills" in dm.text for dm in sandbox.dms(poster))
        [dm] = sandbox.dms(wants)
        assert dm.embed["title"] == "New gig for your skills: Shop front end"
        assert "asks for Python" in dm.embed["description"]
        [post] = sandbox.messages(hub.channel("gigs"))
        assert dm.component("See the gig")["url"].endswith(f"/{post.channel.id}/{post.id}")
        [dm_in_indonesian] = sandbox.dms(sari)
        assert dm_in_indonesian.embed["title"] == "Gig baru untuk keahlianmu: Shop front end"
        # Closed DMs are recorded (50007) and never tried again; the member who left is not
        # written to.
        assert counts == {"sent": 2, "closed": 1, "dropped": 1}
        refused = {(v.code, v.path.rsplit("/", 1)[-1]) for v in sandbox.take_violations()}
        assert (10007, str(gone.id)) in refused
        assert [code for code, _ in refused].count(50007) == 1
        await bot.get_cog("Outbox").drain_due()
        assert sandbox.take_violations() == []


async def test_alerts_need_a_profile_and_can_be_turned_off(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    moderator = hub.add_member("mod", roles=["Moderators"])
    poster, alice = hub.add_member("poster"), hub.add_member("alice")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        early = await sandbox.slash(alice, "intro alerts", state="on")
        assert f"write one first with {sandbox.mention('intro set')}" in early.content
        await introduce(sandbox, alice, form={**A_FORM, "skills": "Python"})
        assert (
            "Skill alerts are on"
            in (await finished(await sandbox.slash(alice, "intro alerts", state="on"))).text
        )
        assert (
            "Skill alerts are off"
            in (await sandbox.slash(alice, "intro alerts", state="off")).content
        )
        await approve_a_gig(sandbox, hub, moderator, poster)
        assert await drained(bot) == {}
        assert sandbox.dms(alice) == []


async def test_approving_a_posted_gig_alerts_the_matching_member(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    moderator = hub.add_member("mod", roles=["Moderators"])
    poster, designer = hub.add_member("poster"), hub.add_member("designer", locale="id")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        for member in (poster, designer):
            await introduce(sandbox, member, form={**A_FORM, "skills": "Desain Grafis"})
            await sandbox.slash(member, "intro alerts", state="on")
        gig_form = {
            "title": "Logo for a coffee shop",
            "description": "Our coffee shop in Bandung needs a logo.",
            "skills": "Graphic Design",
            "pay": "5jt",
            "apply": "",
        }
        await approve_a_gig(sandbox, hub, moderator, poster, gig_form)
        await sandbox.wait_until(lambda: bool(sandbox.dms(designer)))
        [alert] = sandbox.dms(designer)
        assert alert.embed["title"] == "Gig baru untuk keahlianmu: Logo for a coffee shop"
        [post] = sandbox.messages(hub.channel("gigs"))
        assert alert.component("Lihat gig")["url"].endswith(f"/{post.channel.id}/{post.id}")
        assert not any("keahlianmu" in dm.text for dm in sandbox.dms(poster))
