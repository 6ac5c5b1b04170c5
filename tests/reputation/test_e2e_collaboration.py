"""A matched collaboration request, once past its time, asks both sides whether they worked
together."""

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.sandbox import Sandbox
from cogs.reputation._partners import ask_matched_pairs
from tests.intros.e2e import A_FORM, introduce
from tests.support.hub import a_hub, set_up_hub
from tests.support.outbox import drained
from tests.support.reading import fields, labels, show
from tests.support.replies import finished

from .e2e import collaboration_matched, confirm
from .test_e2e_confirmed_work import COMPLETED, card_of

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BUDI, CITRA = "Budi builds shops", "Citra builds shops"


async def finder_order(sandbox, member):
    found = await sandbox.slash(member, "intro find", skill="python")
    text = (await found.wait_followup()).embed["description"]
    return sorted((BUDI, CITRA), key=text.index)


async def test_a_matched_collaboration_confirmed_by_both_is_completed_work(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    ani, budi, citra = (hub.add_member(name) for name in ("ani", "budi", "citra"))
    clock = ManualClock(START)
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, ani)
        await introduce(sandbox, budi, {**A_FORM, "headline": "Budi builds shops"})
        clock.advance(timedelta(minutes=1))
        await introduce(sandbox, citra, {**A_FORM, "headline": "Citra builds shops"})
        assert await finder_order(sandbox, ani) == [CITRA, BUDI]  # Citra updated last
        await collaboration_matched(sandbox, hub, ani, budi)
        assert await ask_matched_pairs(bot, START + timedelta(days=29)) == 0  # still running
        clock.advance(timedelta(days=30))
        assert await ask_matched_pairs(bot, clock.now()) == 1
        await drained(bot)  # the questions are letters of the outbox

        for member, other in ((ani, budi), (budi, ani)):
            asked = sandbox.dms(member)[-1]
            show(f"{member.name}, in DMs", asked)
            assert f"Did you and {other.mention} work together?" in asked.text
            assert labels(asked) == ["Yes, that’s right", "No"] and asked.pings.nobody

        half = await confirm(sandbox, budi)
        assert "once <@" in half.text or "says yes too" in half.text
        assert COMPLETED not in fields(await card_of(sandbox, citra, budi))

        both = await confirm(sandbox, ani)
        show("ani, in DMs", both)
        assert "on both your profiles now" in both.text
        for member in (ani, budi):
            assert fields(await card_of(sandbox, citra, member))[COMPLETED].startswith("1 piece")

        # Ani endorses Budi's Python: at equal match he now comes first.
        chooser = await finished(await sandbox.click(ani, both, "Endorse skills"))
        show("ani", chooser)
        endorsed = await sandbox.select(ani, chooser, "Choose up to 3 skills", ["Python"])
        assert "Endorsed for" in endorsed.message.text and "Python" in endorsed.message.text
        assert await finder_order(sandbox, ani) == [BUDI, CITRA]
        card = await card_of(sandbox, citra, budi)
        show("citra", card)
        assert "Python (endorsed by 1)" in fields(card)["Skills"]
        again = await finished(await sandbox.click(ani, both, "Endorse skills"))
        assert "SEO" in str(again.components) and "Python" not in str(again.components)
        placeholder = "Choose up to 2 skills"  # one of her three is spent
        assert placeholder in str(again.components)

        # The next round asks nobody twice.
        assert await ask_matched_pairs(bot, clock.now()) == 0
        assert sum("work together" in m.text for m in sandbox.dms(ani)) == 1
