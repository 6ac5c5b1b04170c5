"""Browsing open requests, one's own, and closing them."""

from bot.sandbox import Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels
from tests.support.replies import finished

from .e2e import A_REQUEST, request


async def test_members_browse_open_requests_by_skill_and_kind(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        mentor = {**A_REQUEST, "title": "Mentor for a first Python job", "skills": "Python"}
        await request(sandbox, bob, form=mentor, kind="mentor", compensation="unpaid")

        everything = await sandbox.slash(alice, "collab list")
        assert everything.ephemeral
        text = everything.message.text
        assert text.index("#2 [Mentor for a first Python job]") < text.index("#1 [Developer")

        choices = await sandbox.autocomplete(alice, "collab list", "skill", "pyth")
        assert choices[0].name == "Python"
        by_skill = await sandbox.slash(alice, "collab list", skill=choices[0].value)
        assert "Mentor for a first Python job" in by_skill.message.text
        assert "Developer" not in by_skill.message.text

        by_kind = await sandbox.slash(alice, "collab list", kind="project_partner")
        assert "Developer for a bakery's new website" in by_kind.message.text
        assert "Mentor" not in by_kind.message.text

        unknown = await sandbox.slash(alice, "collab list", skill="underwater basketry")
        assert unknown.content.startswith('"underwater basketry" is not a skill this hub knows.')

        nothing = await sandbox.slash(alice, "collab list", skill=choices[0].value, kind="referral")
        assert nothing.content.startswith("No open collaboration requests match.")


async def test_a_requester_closes_their_request_and_nobody_else_can(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    carol = hub.add_member("carol")
    mona = hub.add_member("mona", roles=["Moderators"])
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        await request(sandbox, carol, form={**A_REQUEST, "title": "Second try"})
        first, second = sandbox.messages(collab)

        refused = await sandbox.slash(bob, "collab close", number=1)
        assert refused.content == (
            "Only the member who posted request #1, or a moderator, can close it."
        )
        closed = await finished(await sandbox.slash(alice, "collab close", number=1))
        assert closed.text == "Request #1 is closed."
        assert fields(first)["Status"] == "Closed" and labels(first) == []

        by_moderator = await finished(await sandbox.slash(mona, "collab close", number=2))
        assert by_moderator.text == "Request #2 is closed."
        assert fields(second)["Status"] == "Closed"
        twice = await sandbox.slash(carol, "collab close", number=2)
        assert twice.content == "Request #2 is already matched, closed or expired."
        missing = await sandbox.slash(alice, "collab close", number=99)
        assert missing.content == "There is no collaboration request #99 in this hub."

        for requester in (alice, carol):
            mine = await sandbox.slash(requester, "collab mine")
            assert mine.message.text.count("Closed") == 1
        assert (await sandbox.slash(bob, "collab mine")).content.startswith(
            "You have no collaboration requests yet."
        )
