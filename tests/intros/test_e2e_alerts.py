"""Skill alerts: a published gig DMs members who turned alerts on and offer one of its skills."""

from datetime import UTC, datetime

from bot.gigs.curation import GigAction
from bot.gigs.store.records import act, create_gig
from bot.sandbox import Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.replies import finished

from .e2e import A_FORM, gig_terms, introduce


async def published_gig(bot, hub, poster, *skills):
    now = datetime.now(UTC)
    gig = await create_gig(
        bot.store, guild_id=hub.id, poster_id=poster.id, terms=gig_terms(*skills), now=now
    )
    return await act(bot.store, gig.id, GigAction.APPROVE, hub.owner.id, now)


async def test_a_published_gig_alerts_exactly_the_opted_in_members_whose_skills_match(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
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

        gig = await published_gig(bot, hub, poster, "python", "seo")
        intros = bot.get_cog("IntroCog")
        await intros.on_gig_published(hub.id, gig.id)
        await intros.on_gig_published(hub.id, gig.id)

        alerted = {member.name for member in hub.members.values() if sandbox.dms(member)}
        assert alerted == {"wants", "sari"}
        [dm] = sandbox.dms(wants)
        assert dm.embed["title"] == "New gig for your skills: Shop front end"
        assert "asks for Python" in dm.embed["description"]
        [dm_in_indonesian] = sandbox.dms(sari)
        assert dm_in_indonesian.embed["title"] == "Gig baru untuk keahlianmu: Shop front end"
        refused = {(v.code, v.path.rsplit("/", 1)[-1]) for v in sandbox.take_violations()}
        assert (10007, str(gone.id)) in refused
        assert 50007 in {code for code, _ in refused}


async def test_the_gig_engineers_event_reaches_the_alerts(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    poster, wants = hub.add_member("poster"), hub.add_member("wants")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, wants)
        await sandbox.slash(wants, "intro alerts", state="on")
        gig = await published_gig(bot, hub, poster, "seo")
        bot.dispatch("gig_published", hub.id, gig.id)
        await sandbox.wait_until(lambda: bool(sandbox.dms(wants)))
        assert "Shop front end" in sandbox.dms(wants)[0].text


async def test_alerts_need_a_profile_and_can_be_turned_off(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    poster, alice = hub.add_member("poster"), hub.add_member("alice")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        early = await sandbox.slash(alice, "intro alerts", state="on")
        assert f"write one first with {sandbox.mention('intro set')}" in early.content
        await introduce(sandbox, alice)
        assert (
            "Skill alerts are on"
            in (await finished(await sandbox.slash(alice, "intro alerts", state="on"))).text
        )
        assert (
            "Skill alerts are off"
            in (await sandbox.slash(alice, "intro alerts", state="off")).content
        )
        gig = await published_gig(bot, hub, poster, "python")
        await bot.get_cog("IntroCog").on_gig_published(hub.id, gig.id)
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
        opened = await sandbox.slash(
            poster, "gig post", kind="hiring", work_type="project", location="remote", level="mid"
        )
        gig_form = {
            "title": "Logo for a coffee shop",
            "description": "Our coffee shop in Bandung needs a logo.",
            "skills": "Graphic Design",
            "pay": "5jt",
        }
        await finished(await sandbox.submit_modal(poster, opened, gig_form))
        [waiting] = sandbox.messages(hub.channel("queue"))
        await finished(await sandbox.click(moderator, waiting, "Approve"))
        await sandbox.wait_until(lambda: bool(sandbox.dms(designer)))
        [alert] = sandbox.dms(designer)
        assert alert.embed["title"] == "Gig baru untuk keahlianmu: Logo for a coffee shop"
        [post] = sandbox.messages(hub.channel("gigs"))
        assert alert.component("Lihat gig")["url"].endswith(f"/{post.channel.id}/{post.id}")
        assert not any("keahlianmu" in dm.text for dm in sandbox.dms(poster))
