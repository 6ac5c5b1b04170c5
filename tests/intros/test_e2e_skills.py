"""Skills as members type them and as moderators shape them, in English and Indonesian."""

from datetime import UTC, datetime

import pytest

from bot.gigs.store.records import create_gig, get_gig
from bot.sandbox import Sandbox, SandboxError
from tests.support.hub import a_hub, set_up_hub
from tests.support.replies import finished

from .e2e import A_FORM, gig_terms, introduce


async def test_names_and_aliases_in_either_language_mean_one_skill(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    sari = hub.add_member("sari", locale="id")
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, sari, form={**A_FORM, "skills": "desain grafis"})
        await introduce(sandbox, alice, form={**A_FORM, "skills": "Graphic Designer"})
        await introduce(sandbox, bob, form={**A_FORM, "skills": "  GRAPHIC design "})
        found = await sandbox.slash(alice, "intro find", skill="Desain Grafis")
        results = await found.wait_followup()
        assert "3 found" in results.embed["footer"]["text"]
        assert results.embed["description"].count("Graphic Design") == 3


async def test_a_typo_is_answered_with_suggestions(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        refused = await introduce(sandbox, alice, form={**A_FORM, "skills": "Pyhton, SEO"})
        assert "Mozaik doesn't know these skills yet" in refused.content
        assert '"Pyhton" → Python' in refused.content
        search = await sandbox.slash(alice, "intro find", skill="pyhton")
        answer = await search.wait_followup()
        assert search.ephemeral and '"pyhton" → Python' in answer.content


async def test_autocomplete_offers_at_most_25_skills_in_the_members_language(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, sari = hub.add_member("alice"), hub.add_member("sari", locale="id")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        anything = await sandbox.autocomplete(alice, "intro find", "skill", "")
        assert len(anything) == 25
        english = await sandbox.autocomplete(alice, "intro find", "skill", "graphic")
        indonesian = await sandbox.autocomplete(sari, "intro find", "skill", "desain gra")
        assert english[0].name == "Graphic Design"
        assert indonesian[0].name == "Desain Grafis"
        assert english[0].value == indonesian[0].value == "graphic-design"
        second = await sandbox.autocomplete(sari, "intro find", "skill2", "pemasaran")
        assert 0 < len(second) <= 25
        assert all(choice.name for choice in second)
        merge = await sandbox.autocomplete(hub.owner, "skills merge", "from", "reac")
        assert merge[0].value == "react"


async def test_moderators_add_skills_and_aliases_that_members_can_then_use(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    moderator = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        refused = await introduce(sandbox, alice, form={**A_FORM, "skills": "Sangrai Kopi"})
        assert "Mozaik doesn't know these skills yet" in refused.content

        with pytest.raises(SandboxError, match="alice does not see /skills"):
            await sandbox.slash(alice, "skills add", name="Kopi Roasting")
        added = await sandbox.slash(
            moderator, "skills add", name="Kopi Roasting", aliases="sangrai kopi, roasting"
        )
        assert "Added Kopi Roasting to this hub's skills" in added.content
        aliased = await sandbox.slash(moderator, "skills alias", skill="python", alias="ular")
        assert 'Members can now write "ular" for Python' in aliased.content
        taken = await sandbox.slash(moderator, "skills alias", skill="seo", alias="py")
        assert '"py" already points to Python' in taken.content

        saved = await introduce(sandbox, alice, form={**A_FORM, "skills": "Sangrai Kopi, ular"})
        assert "posted" in (await finished(saved)).text
        shown = await sandbox.slash(alice, "intro show")
        assert "Kopi Roasting · Python" in shown.message.text
        choices = await sandbox.autocomplete(alice, "intro find", "skill", "kopi")
        assert "Kopi Roasting" in [choice.name for choice in choices]


async def test_merging_moves_profiles_and_gigs_to_the_skill_that_stays(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    moderator = hub.add_member("mod", roles=["Moderators"])
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, alice, form={**A_FORM, "skills": "React, Node.js"})
        await introduce(sandbox, bob, form={**A_FORM, "skills": "JavaScript, React"})
        gig = await create_gig(
            bot.store,
            guild_id=hub.id,
            poster_id=moderator.id,
            terms=gig_terms("react", "typescript"),
            now=datetime.now(UTC),
        )
        merged = await sandbox.slash(moderator, "skills merge", **{"from": "react"}, into="js")
        assert merged.content == (
            "Merged React into JavaScript. Now listed as JavaScript:"
            " profiles 2, gigs 1, collaboration requests 0."
        )
        assert "JavaScript · Node.js" in (await sandbox.slash(alice, "intro show")).message.text
        bob_card = (await sandbox.slash(bob, "intro show")).message.embed
        assert bob_card["fields"][0]["value"] == "JavaScript"
        assert (await get_gig(bot.store, gig.id)).terms.skills == ("javascript", "typescript")
        found = await sandbox.slash(bob, "intro find", skill="reactjs")
        assert "2 found" in (await found.wait_followup()).embed["footer"]["text"]
        same = await sandbox.slash(moderator, "skills merge", **{"from": "react"}, into="js")
        assert "Both names already point to JavaScript" in same.content


async def test_new_skills_are_accepted_only_while_moderators_allow_them(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    moderator = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    form = {**A_FORM, "skills": "Python, Batik Tulis"}
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        assert '"Batik Tulis"' in (await introduce(sandbox, alice, form=form)).content
        allowed = await sandbox.slash(moderator, "skills allow-new", state="on")
        assert "Members may now list skills" in allowed.content
        saved = await introduce(sandbox, alice, form=form)
        assert "New skills added to this hub: Batik Tulis." in (await finished(saved)).text
        await sandbox.slash(moderator, "skills allow-new", state="off")
        again = await introduce(sandbox, alice, form={**A_FORM, "skills": "Batik Tulis, Ukiran"})
        assert '"Ukiran"' in again.content and "Batik Tulis" not in again.content
