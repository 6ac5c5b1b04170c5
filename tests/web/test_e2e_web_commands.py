"""The Discord side of the board: an admin turns it on with /hub setup web, a member chooses a
public page with /intro public; the board follows at once. The real bot over the sandbox."""

from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings, WebSettings
from bot.gigs.curation import GigAction
from bot.gigs.expiry import approval_changes
from bot.gigs.store.records import act, create_gig
from bot.sandbox import Sandbox
from bot.web.server import web_application
from tests.intros.e2e import gig_terms, introduce
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields
from tests.support.replies import finished

from .html_reading import read_page

ROOT = "https://jobs.example.org"


def web_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"web": WebSettings(enabled=True, base_url=ROOT)})


async def test_the_admin_turns_the_board_on_and_off_and_hub_show_says_where(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    poster = hub.add_member("poster")
    settings = web_settings(settings)
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        shown = await sandbox.slash(hub.owner, "hub show")
        assert fields(shown.message)["Public web board"].startswith("Off")

        turned_on = await sandbox.slash(hub.owner, "hub setup", web=True)
        assert fields(turned_on.message)["Public web board"] == f"On: {ROOT}/hubs/{hub.id}"

        now = bot.clock.now()
        gig = await create_gig(
            bot.store, guild_id=hub.id, poster_id=poster.id, terms=gig_terms("python"), now=now
        )
        columns = approval_changes(gig, await bot.hub(hub.id), now)
        gig = await act(bot.store, gig.id, GigAction.APPROVE, hub.owner.id, now, columns=columns)
        async with TestClient(TestServer(web_application(bot.store, settings, bot.clock))) as web:
            board = await web.get(f"/hubs/{hub.id}/gigs")
            assert board.status == 200
            page = read_page(await board.text())
            assert "Gigs at Hub" in page.text and "Shop front end" in page.text
            assert "poster" not in page.text

            # Another setting leaves the board as it was.
            await sandbox.slash(hub.owner, "hub setup", currency="USD")
            assert (await web.get(f"/hubs/{hub.id}/gigs/{gig.id}")).status == 200
            await sandbox.slash(hub.owner, "hub setup", web=False)
            assert (await web.get(f"/hubs/{hub.id}/gigs/{gig.id}")).status == 404


async def test_a_member_chooses_a_public_page_in_their_language(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    sari = hub.add_member("sari", locale="id")
    settings = web_settings(settings)
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await sandbox.slash(hub.owner, "hub setup", web=True)
        early = await sandbox.slash(sari, "intro public", state="on")
        assert early.ephemeral
        assert f"silakan tulis dulu dengan {sandbox.mention('intro set')}" in early.content

        await introduce(sandbox, sari)
        url = f"{ROOT}/hubs/{hub.id}/members/{sari.id}"
        turned_on = await finished(await sandbox.slash(sari, "intro public", state="on"))
        assert f"Halaman publikmu sudah aktif: {url}" in turned_on.text
        async with TestClient(TestServer(web_application(bot.store, settings, bot.clock))) as web:
            page = await web.get(f"/hubs/{hub.id}/members/{sari.id}")
            assert page.status == 200
            assert "Backend developer for small shops" in read_page(await page.text()).text

            turned_off = await sandbox.slash(sari, "intro public", state="off")
            assert "Halaman publikmu sudah mati" in turned_off.content
            assert (await web.get(f"/hubs/{hub.id}/members/{sari.id}")).status == 404

            # Removing the introduction takes the choice with it.
            await finished(await sandbox.slash(sari, "intro public", state="on"))
            await finished(await sandbox.slash(sari, "intro remove"))
            await introduce(sandbox, sari)
            assert (await web.get(f"/hubs/{hub.id}/members/{sari.id}")).status == 404
