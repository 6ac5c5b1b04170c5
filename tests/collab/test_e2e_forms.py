"""The request form: refusals that keep what was typed, limits, and no pings from typed text."""

from bot.sandbox import Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, show
from tests.support.replies import finished

from .e2e import A_REQUEST, request


async def test_a_refused_form_can_be_reopened_with_everything_typed(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        typo = {**A_REQUEST, "skills": "Web development, Pyhton"}
        refused = await request(sandbox, alice, form=typo, kind="co_founder", partners=2)
        show("alice (privately)", refused)
        assert refused.ephemeral
        assert '"Pyhton" → Python' in refused.text
        assert "Nothing you typed is lost" in refused.text
        assert sandbox.messages(hub.channel("collab")) == []

        reopened = await sandbox.click(alice, refused, "Edit and send again")
        assert reopened.modal is not None
        assert reopened.modal.field("title")["value"] == A_REQUEST["title"]
        assert reopened.modal.field("description")["value"] == A_REQUEST["description"]
        assert reopened.modal.field("skills")["value"] == "Web development, Pyhton"
        assert reopened.modal.field("commitment")["value"] == "5"

        fixed = await finished(
            await sandbox.submit_modal(alice, reopened, {"skills": "Web development, Python"})
        )
        assert fixed.text.startswith("Your request #1 is posted")
        [post] = sandbox.messages(hub.channel("collab"))
        assert fields(post)["Looking for"] == "Co-founder"
        assert fields(post)["Partners"] == "0 of 2 partners found"
        assert fields(post)["Skills"] == "Web Development · Python"


async def test_out_of_range_hours_are_refused_and_kept(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        refused = await request(sandbox, alice, form={**A_REQUEST, "commitment": "500"})
        assert refused.text.startswith("Hours a week must be between 1 and 168.")
        assert labels(refused) == ["Edit and send again"]


async def test_typed_mentions_ping_no_one(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    collab = hub.channel("collab")
    loud = {**A_REQUEST, "title": f"@everyone <@{bob.id}> need a dev", "description": "@here"}
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        posted = await request(sandbox, alice, form=loud)
        assert posted.pings.nobody
        [post] = sandbox.messages(collab)
        assert post.pings.nobody
        await sandbox.click(bob, post, "I'm in")
        await sandbox.wait_until(lambda: bool(sandbox.dms(alice)))
        [notice] = sandbox.dms(alice)
        assert notice.pings.nobody
        assert "@\u200beveryone" in notice.content


async def test_without_a_collaboration_channel_the_form_does_not_open(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        refused = await sandbox.slash(alice, "collab request", kind="mentor", compensation="unpaid")
        assert refused.modal is None and refused.ephemeral
        assert "has no collaboration channel yet" in refused.content


async def test_an_indonesian_member_is_answered_in_indonesian(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    sari = hub.add_member("sari", locale="id")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub, language="id")
        posted = await request(
            sandbox, sari, form={**A_REQUEST, "skills": "Pengembangan Web"}, kind="mentor"
        )
        show("sari (privately)", posted)
        assert posted.text.startswith("Permintaanmu #1 sudah diposting")
        [post] = sandbox.messages(hub.channel("collab"))
        show("everyone in #collab", post)
        assert fields(post)["Mencari"] == "Mentor"
        assert fields(post)["Keahlian"] == "Pengembangan Web"
        assert labels(post) == ["Aku ikut"]


async def test_a_request_at_every_limit_fits_discords_limits_everywhere(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob", nick="B" * 32)
    eight = (
        "Brand Identity Design, Social Media Design, Infographic Design, Presentation Design,"
        " Packaging Design, Architectural Design, Industrial Design, Content Writing"
    )
    longest = {
        "title": "T" * 100,
        "description": "D" * 1500,
        "skills": eight,
        "commitment": "C" * 100,
    }
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        posted = await request(sandbox, alice, form=longest, partners=10)
        assert posted.text.startswith("Your request #1 is posted")
        [post] = sandbox.messages(hub.channel("collab"))
        assert len(fields(post)["Skills"].split(" · ")) == 8
        await sandbox.click(bob, post, "I'm in")
        await sandbox.wait_until(lambda: bool(sandbox.dms(alice)))
        listed = await sandbox.slash(alice, "collab list")
        assert "#1" in listed.message.text
        mine = await sandbox.slash(alice, "collab mine")
        assert "#1" in mine.message.text
