"""Members introduce themselves, update, show, find and remove their introduction."""

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.intros.model import LINK_MAX, LINKS_MAX
from bot.sandbox import Sandbox
from bot.sandbox.faults import Fault
from bot.sandbox.mentions import NOBODY
from bot.skills import Taxonomy
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields
from tests.support.replies import finished

from .e2e import A_FORM, introduce

UNKNOWN_MESSAGE = Fault("unknown message", 404, {"message": "Unknown Message", "code": 10008})


async def test_an_introduction_is_posted_once_and_edited_in_place(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice", nick="Alice W")
    intros = hub.channel("intros")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        saved = await introduce(sandbox, alice, availability="open_to_work")
        assert f"Your introduction is posted in {intros.mention}" in (await finished(saved)).text
        [post] = sandbox.messages(intros)
        card = post.embed
        assert card["title"] == "Backend developer for small shops"
        assert card["author"]["name"] == "Alice W"
        shown = fields(post)
        assert shown["Skills"] == "Python · SEO"
        assert shown["Availability"] == "Open to work"
        assert shown["Rate"] == "IDR150,000 an hour"
        assert post.pings == NOBODY and post.content == ""

        reopened = await sandbox.slash(alice, "intro set", availability="open_to_collaborate")
        assert reopened.modal.field("headline")["value"] == A_FORM["headline"]
        assert reopened.modal.field("skills")["value"] == "Python, SEO"
        assert reopened.modal.field("details")["value"].startswith("Rate: IDR 150000/hour")
        updated = await sandbox.submit_modal(alice, reopened, {"headline": "Python developer"})
        assert f"Your introduction in {intros.mention} is updated" in (await finished(updated)).text
        [same] = sandbox.messages(intros)
        assert same.id == post.id
        assert same.embed["title"] == "Python developer"
        assert "Open to collaborate" in same.text


async def test_a_deleted_post_is_posted_again_and_remembered(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    intros = hub.channel("intros")
    clock = ManualClock(datetime.now(UTC))
    pause = timedelta(seconds=settings.hub_defaults.post_cooldown_seconds + 1)
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, alice)
        [post] = sandbox.messages(intros)
        # Someone deleted the post: editing it is answered with Unknown Message.
        sandbox.inject("PATCH /channels/*/messages/*", UNKNOWN_MESSAGE)
        await introduce(sandbox, alice, form={"headline": "Still here"})
        again = sandbox.messages(intros)[-1]
        assert again.id != post.id and again.embed["title"] == "Still here"
        clock.advance(pause)  # the hub's pause between two updates of a post
        await introduce(sandbox, alice, form={"headline": "Edited, not reposted"})
        assert sandbox.messages(intros)[-1].id == again.id
        assert again.embed["title"] == "Edited, not reposted"


async def test_show_is_private_for_yourself_and_public_for_someone_else(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        missing = await sandbox.slash(alice, "intro show")
        assert missing.ephemeral and "You don't have an introduction yet" in missing.content
        await introduce(sandbox, alice)
        own = await sandbox.slash(alice, "intro show")
        assert own.ephemeral and own.message.embed["title"] == A_FORM["headline"]
        shown = await sandbox.slash(bob, "intro show", member=alice)
        assert not shown.ephemeral and shown.message.embed["title"] == A_FORM["headline"]
        assert shown.message.pings == NOBODY
        nobody = await sandbox.slash(alice, "intro show", member=bob)
        assert "Bob hasn't written an introduction yet" in nobody.content


async def test_find_lists_people_by_display_name_without_pinging_anyone(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice", nick="Alice W"), hub.add_member("bob")
    carol = hub.add_member("carol")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, alice, form={**A_FORM, "skills": "Python, SEO"})
        await introduce(sandbox, bob, form={**A_FORM, "headline": "SEO writer", "skills": "SEO"})
        found = await sandbox.slash(carol, "intro find", skill="python", skill2="seo")
        message = await found.wait_followup()
        assert message.ephemeral and message.pings == NOBODY
        description = message.embed["description"]
        assert description.index("Alice W") < description.index("Bob")
        assert "2 found" in message.embed["footer"]["text"]
        nobody = await sandbox.slash(carol, "intro find", skill="copywriting")
        assert "No one in this hub lists Copywriting yet" in (await nobody.wait_followup()).text


async def test_remove_deletes_the_profile_and_its_post(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    intros = hub.channel("intros")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, alice)
        removed = await sandbox.slash(alice, "intro remove")
        assert "Mozaik keeps nothing of it" in (await finished(removed)).text
        assert sandbox.messages(intros) == []
        found = await sandbox.slash(bob, "intro find", skill="python")
        assert "No one" in (await found.wait_followup()).text
        rows = await bot.store.fetch_all("SELECT * FROM profiles")
        assert rows == []
        again = await sandbox.slash(alice, "intro remove")
        assert "You have no introduction to remove" in again.content


async def test_an_indonesian_member_does_it_all_in_indonesian(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    sari = hub.add_member("sari", locale="id")
    budi = hub.add_member("budi", locale="id")
    intros = hub.channel("intros")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub, language="id")
        opened = await sandbox.slash(sari, "intro set", availability="open_to_work")
        assert opened.modal.title == "Perkenalanmu"
        assert opened.modal.field("details")["value"] == "Tarif:\nLokasi:\nBahasa:"
        form = {
            "headline": "Desainer merek untuk UMKM",
            "skills": "desain grafis, penulisan iklan",
            "details": "Tarif: 5jt/bulan\nLokasi: Yogyakarta\nBahasa: Indonesia, Jawa",
        }
        saved = await sandbox.submit_modal(sari, opened, form)
        posted = (await finished(saved)).text
        assert f"Perkenalanmu sudah diposting di {intros.mention}" in posted
        own = await sandbox.slash(sari, "intro show")
        shown = fields(own.message)
        assert shown["Keahlian"] == "Desain Grafis · Copywriting"
        assert shown["Tarif"] == "Rp5.000.000 per bulan"
        assert shown["Ketersediaan"] == "Terbuka untuk pekerjaan"

        reopened = await sandbox.slash(sari, "intro set")
        assert reopened.modal.field("skills")["value"] == "Desain Grafis, Copywriting"
        assert reopened.modal.field("details")["value"].startswith("Tarif: IDR 5000000/bulan")
        updated = await sandbox.submit_modal(sari, reopened, {"headline": "Desainer kemasan"})
        assert "sudah diperbarui" in (await finished(updated)).text
        assert len(sandbox.messages(intros)) == 1

        found = await sandbox.slash(budi, "intro find", skill="desain grafis")
        results = await found.wait_followup()
        assert results.embed["title"] == "Orang dengan keahlian Desain Grafis"
        assert "Desainer kemasan" in results.embed["description"]
        removed = await sandbox.slash(sari, "intro remove")
        assert "sudah dihapus" in (await finished(removed)).text
        assert sandbox.messages(intros) == []


async def test_the_longest_introduction_the_form_allows_still_fits_in_one_post(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    longest = {
        "headline": "h" * 100,
        "about": "a" * 1000,
        "skills": ", ".join(skill.name_en for skill in Taxonomy.shipped().skills[:15]),
        "links": "\n".join(
            f"https://{n}.example.com/{'x' * (LINK_MAX - 22)}" for n in range(LINKS_MAX)
        ),
        "details": "Rate: 150rb-200rb/jam\nLocation: "
        + "l" * 100
        + "\nLanguages: "
        + ", ".join("b" * 30 for _ in range(5)),
    }
    assert all(len(link) == LINK_MAX for link in longest["links"].split("\n"))
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        saved = await introduce(sandbox, alice, form=longest)
        assert "posted" in (await finished(saved)).text
        [post] = sandbox.messages(hub.channel("intros"))
        assert len(post.embed["fields"]) == 6


async def test_a_form_opened_before_a_restart_still_counts_when_sent_after_it(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        opened = await sandbox.slash(alice, "intro set", availability="open_to_collaborate")
    async with sandbox.run_bot(settings):
        saved = await sandbox.submit_modal(alice, opened, A_FORM)
        assert "posted" in (await finished(saved)).text
        [post] = sandbox.messages(hub.channel("intros"))
        assert "Open to collaborate" in post.text


async def test_an_update_within_the_hubs_pause_is_refused_saying_when_and_keeps_the_text(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    intros = hub.channel("intros")
    clock = ManualClock(datetime.now(UTC))
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, alice)
        await introduce(sandbox, alice, form={"headline": "First change"})
        refused = await introduce(sandbox, alice, form={"headline": "Second change"})
        again_at = int((clock.now() + timedelta(seconds=60)).timestamp())
        assert refused.message is not None
        assert f"You can change it again <t:{again_at}:R>." in refused.message.text
        assert sandbox.messages(intros)[-1].embed["title"] == "First change"
        # What was typed is kept: the button opens the form again with it.
        reopened = await sandbox.click(
            alice, refused.message, refused.message.components[0]["components"][0]["custom_id"]
        )
        assert reopened.modal is not None
        assert reopened.modal.field("headline")["value"] == "Second change"
        clock.advance(timedelta(seconds=61))
        await sandbox.submit_modal(alice, reopened, {"headline": "Second change"})
        await sandbox.wait_until(
            lambda: sandbox.messages(intros)[-1].embed["title"] == "Second change"
        )
