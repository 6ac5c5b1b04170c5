"""A form that breaks a rule is refused with words that say what to fix, and the member gets
their typing back with one click."""

import pytest

from bot.sandbox import Sandbox
from bot.skills import Taxonomy
from tests.support.hub import a_hub, set_up_hub
from tests.support.replies import finished

from .e2e import A_FORM

SIXTEEN_SKILLS = ", ".join(skill.name_en for skill in Taxonomy.shipped().skills[:16])


@pytest.mark.parametrize(
    ("mistake", "explained"),
    [
        ({"links": "http://alice.dev"}, '"http://alice.dev" is an http link'),
        ({"skills": SIXTEEN_SKILLS}, "That's 16 skills, but the most you can list here is 15"),
        ({"skills": "Python, Kopi Luwak Sommelier"}, "Mozaik doesn't know these skills yet"),
        ({"details": "Rate 150rb"}, "Mozaik couldn't read this line"),
    ],
)
async def test_a_refused_form_reopens_with_what_the_member_typed(
    sandbox: Sandbox, settings, mistake, explained
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    typed = {**A_FORM, **mistake}
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        opened = await sandbox.slash(alice, "intro set", availability="not_available")
        refused = await sandbox.submit_modal(alice, opened, typed)
        assert refused.ephemeral and explained in refused.content
        assert sandbox.messages(hub.channel("intros")) == []

        reopened = await sandbox.click(alice, refused.message, "Edit my introduction")
        assert reopened.modal is not None
        for field, value in typed.items():
            assert reopened.modal.field(field)["value"] == value

        fixed = await sandbox.submit_modal(alice, reopened, A_FORM)
        assert "posted" in (await finished(fixed)).text
        assert "Not available" in sandbox.messages(hub.channel("intros"))[0].text
        assert await bot.store.fetch_all("SELECT * FROM profile_drafts") == []
        gone = await sandbox.click(alice, refused.message, "Edit my introduction")
        assert "That draft is no longer kept" in gone.content


async def test_the_draft_survives_a_restart_and_reopens_with_intro_set(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    sari = hub.add_member("sari", locale="id")
    typed = {**A_FORM, "headline": "Penulis konten", "links": "http://sari.id"}
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        opened = await sandbox.slash(sari, "intro set")
        refused = await sandbox.submit_modal(sari, opened, typed)
        assert '"http://sari.id" masih tautan http' in refused.content
    async with sandbox.run_bot(settings):
        reopened = await sandbox.click(sari, refused.message, "Ubah perkenalanku")
        assert reopened.modal.field("headline")["value"] == "Penulis konten"
        again = await sandbox.slash(sari, "intro set")
        assert again.modal.field("links")["value"] == "http://sari.id"
