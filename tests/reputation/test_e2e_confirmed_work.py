"""Work done through the hub, confirmed by both sides, as members see it on their profiles."""

from bot.sandbox import Sandbox
from tests.intros.e2e import introduce
from tests.reliability import _forged as forged
from tests.reliability._targets import custom_ids
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, show
from tests.support.replies import finished

from .e2e import (
    confirm,
    confirmed_gig,
    gig_filled_by,
    name_who_did_it,
    told_confirmed,
    write_testimonial,
)

COMPLETED = "Completed through this hub"
TESTIMONIAL = "Testimonial"
PRAISE = "Budi did a great job on our logo: fast, careful and kind. @everyone should hire him."


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
        assert labels(confirmed) == ["Write a testimonial", "Endorse skills"]
        for member in (ani, budi):
            card = await card_of(sandbox, citra, member)
            show("citra", card)
            assert fields(card)[COMPLETED] == "1 piece of work, confirmed by both sides"

        # Ani hears it is confirmed, and writes a testimonial for Budi.
        told = await told_confirmed(sandbox, ani)
        show("ani, in DMs", told)
        assert f"{budi.mention} confirmed your work together" in told.text
        form = await sandbox.click(ani, told, "Write a testimonial")
        assert form.modal is not None, form.content
        sent = await finished(await sandbox.submit_modal(ani, form, {"testimonial": PRAISE}))
        assert f"Sent: {budi.mention} decides" in sent.text
        to_approve = sandbox.dms(budi)[-1]
        show("budi, in DMs", to_approve)
        assert "Budi did a great job" in to_approve.text and to_approve.pings.nobody
        assert labels(to_approve) == ["Approve", "Hide"]
        assert TESTIMONIAL not in fields(await card_of(sandbox, citra, budi))

        approved = await sandbox.click(budi, to_approve, "Approve")
        assert "now shows on your profile" in approved.message.text
        card = await card_of(sandbox, citra, budi)
        show("citra", card)
        assert "Budi did a great job" in fields(card)[TESTIMONIAL]
        assert ani.mention in fields(card)[TESTIMONIAL]
        posted = sandbox.messages(hub.channel("intros"))[-1]  # Budi's introduction, shown again
        await sandbox.wait_until(lambda: TESTIMONIAL in fields(posted))
        assert fields(posted)[COMPLETED] == "1 piece of work, confirmed by both sides"
        assert posted.pings.nobody

        # A stranger's testimonial button, or a second one from Ani, is refused.
        crafted = await forged.click(sandbox, citra, custom_ids(told)[0])
        assert "member you did confirmed work with" in crafted.content
        again = await finished(
            await sandbox.submit_modal(
                ani, await sandbox.click(ani, told, "Write a testimonial"), {"testimonial": "More"}
            )
        )
        assert "already written a testimonial" in again.text
        stranger = await sandbox.slash(citra, "intro testimonial", member=budi)
        assert "member you did confirmed work with" in stranger.content

        # Budi hides it later: it is gone from his card.
        mine = await finished(await sandbox.slash(budi, "intro testimonials"))
        show("budi", mine)
        assert labels(mine) == ["Hide #1"]
        hidden = await finished(await sandbox.click(budi, mine, "Hide #1"))
        assert "is hidden" in hidden.text
        assert TESTIMONIAL not in fields(await card_of(sandbox, citra, budi))

        # Budi writes one for Ani; Ani approves it; a moderator removes it with a reason.
        form = await sandbox.slash(budi, "intro testimonial", member=ani)
        assert form.modal is not None, form.content
        await finished(
            await sandbox.submit_modal(budi, form, {"testimonial": "Clear brief, paid on time."})
        )
        await sandbox.click(ani, sandbox.dms(ani)[-1], "Approve")
        assert "Clear brief" in fields(await card_of(sandbox, citra, ani))[TESTIMONIAL]
        removed = await finished(
            await sandbox.slash(mod, "gigmod testimonial remove", number=2, reason="Asked by Ani")
        )
        assert "is removed" in removed.text
        assert TESTIMONIAL not in fields(await card_of(sandbox, citra, ani))
        logged = sandbox.messages(hub.channel("audit"))[-1]
        show("the moderators, in #audit", logged)
        assert "Testimonial #2" in logged.text and "Asked by Ani" in logged.text
        assert logged.pings.nobody


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


async def test_the_card_pages_through_every_testimonial_it_shows(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    ani, budi, citra = hub.add_member("ani"), hub.add_member("budi"), hub.add_member("citra")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, budi)
        for poster, words in ((ani, "First: a lovely logo."), (citra, "Second: great packaging.")):
            await confirmed_gig(sandbox, hub, poster, budi, mod)
            await write_testimonial(sandbox, poster, await told_confirmed(sandbox, poster), words)
            await sandbox.click(budi, sandbox.dms(budi)[-1], "Approve")
        card = await card_of(sandbox, mod, budi)
        show("mod", card)
        assert "Second: great packaging." in fields(card)["Latest of 2 testimonials"]
        assert fields(card)[COMPLETED] == "2 pieces of work, confirmed by both sides"
        page = await finished(await sandbox.click(mod, card, "All 2 testimonials"))
        show("mod", page)
        assert "First: a lovely logo." in page.embed["description"]
        assert "Second: great packaging." in page.embed["description"]
        assert page.embed["footer"]["text"] == "Page 1 of 1"
        assert labels(page) == ["Previous (disabled)", "Next (disabled)"]


async def test_the_question_and_its_buttons_outlive_a_restart(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    ani, budi = hub.add_member("ani"), hub.add_member("budi")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        question = await gig_filled_by(sandbox, hub, ani, budi, mod)
    async with sandbox.run_bot(settings):  # restarted: the select still names who did it
        await name_who_did_it(sandbox, ani, question, budi)
    async with sandbox.run_bot(settings):  # and again: Budi's Yes still confirms
        confirmed = await confirm(sandbox, budi)
        assert "on both your profiles now" in confirmed.text
