"""Work done through the hub, confirmed by both sides, as members see it on their profiles."""

from bot.sandbox import Sandbox
from tests.intros.e2e import introduce
from tests.reliability import _forged as forged
from tests.reliability._targets import custom_ids
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, show

from .e2e import confirm, gig_filled_by, name_who_did_it

COMPLETED = "Completed through this hub"


async def card_of(sandbox, viewer, member):
    shown = await sandbox.slash(viewer, "intro show", member=member)
    assert shown.message is not None, shown.content
    return shown.message


async def test_a_gig_filled_through_the_hub_is_confirmed_by_who_did_it(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    ani = hub.add_member("ani")
    budi = hub.add_member("budi")
    citra = hub.add_member("citra")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, ani)
        await introduce(sandbox, budi)

        question = await gig_filled_by(sandbox, hub, ani, budi, mod)
        show("ani", question)
        assert "Who did the work?" in question.text

        named = await name_who_did_it(sandbox, ani, question, budi)
        show("ani", named)
        assert f"asked {budi.mention} to confirm" in named.text and named.pings.nobody

        asked = sandbox.dms(budi)[-1]
        show("budi, in DMs", asked)
        assert ani.mention in asked.text and "#1" in asked.text and asked.pings.nobody
        assert labels(asked) == ["Yes, that’s right", "No"]

        crafted = await forged.click(sandbox, citra, custom_ids(asked)[0])
        assert "for someone else" in crafted.content
        assert COMPLETED not in fields(await card_of(sandbox, ani, budi))

        confirmed = await confirm(sandbox, budi)
        show("budi, in DMs", confirmed)
        assert "on both your profiles now" in confirmed.text
        assert labels(confirmed) == []
        for member in (ani, budi):
            card = await card_of(sandbox, citra, member)
            show("citra", card)
            assert fields(card)[COMPLETED] == "1 piece of work, confirmed by both sides"


async def test_a_named_member_may_decline_and_nothing_is_added(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    ani = hub.add_member("ani")
    budi = hub.add_member("budi")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, budi)
        question = await gig_filled_by(sandbox, hub, ani, budi, mod)
        await name_who_did_it(sandbox, ani, question, budi)
        declined = await confirm(sandbox, budi, "No")
        assert "nothing is added" in declined.text
        assert COMPLETED not in fields(await card_of(sandbox, budi, budi))
        assert labels(declined) == []
