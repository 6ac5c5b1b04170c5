"""The reputation DMs are letters of the outbox: each reaches its member exactly once, whether
Mozaik dies after deciding but before sending, or after sending but before recording it (found
again in the member's DMs by its buttons, once Discord has forgotten the nonce)."""

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox import Sandbox, faults
from bot.sandbox.messages import NONCE_MEMORY
from tests.intros.e2e import introduce
from tests.support.hub import a_hub, set_up_hub
from tests.support.outbox import drained
from tests.support.replies import finished

from .e2e import confirm, gig_filled_by, name_who_did_it, write_testimonial

QUESTION = "says you did the work. Did you?"
CONFIRMED = "confirmed your work together"
APPROVE = "wrote a testimonial for you"


def count(sandbox, member, text):
    return sum(text in m.text for m in sandbox.dms(member))


async def sent_but_not_recorded(bot):
    """As if Mozaik died after each letter reached Discord and before it was recorded."""
    async with bot.store.transaction() as db:
        await db.execute(
            "UPDATE outbox SET status = 'waiting', message_id = NULL, finished_at = NULL,"
            " sending_by = NULL, sending_since = NULL, attempts = 1"
        )


async def test_each_reputation_letter_reaches_its_member_once_across_restarts(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    ani, budi = hub.add_member("ani"), hub.add_member("budi")
    clock = ManualClock(sandbox.world.clock.now())
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, ani)
        await introduce(sandbox, budi)
        question = await gig_filled_by(sandbox, hub, ani, budi, mod)
        await name_who_did_it(sandbox, ani, question, budi)
        assert count(sandbox, budi, QUESTION) == 1  # sent at once: Ani hears if it arrived
        # Discord fails Ani's DMs for now: the news that Budi confirmed is owed, not sent.
        failing = sandbox.inject(
            f"POST /channels/{sandbox.world.dm_channel(ani.user).id}/messages",
            faults.server_error(503),
        )
        await confirm(sandbox, budi)
        await sandbox.wait_until(lambda: failing.served == 1)
    assert count(sandbox, ani, CONFIRMED) == 0

    clock.advance(timedelta(minutes=1))  # past the first retry's wait
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await drained(bot)
        assert count(sandbox, ani, CONFIRMED) == 1  # sent by the run after the restart
        told = next(m for m in sandbox.dms(ani) if CONFIRMED in m.text)
        await write_testimonial(sandbox, ani, told, "Careful work, delivered early.")
        assert count(sandbox, budi, APPROVE) == 1
        await sent_but_not_recorded(bot)

    sandbox.elapse(NONCE_MEMORY * 2)  # Discord forgets every nonce of the run that died
    async with sandbox.run_bot(settings, clock=clock) as bot:
        statuses = await drained(bot)
    # The news and the testimonial are found again in the members' DMs; the question Budi has
    # answered since is no longer worth sending. None is sent again.
    assert statuses == {"sent": 2, "dropped": 1}
    assert [count(sandbox, budi, QUESTION), count(sandbox, ani, CONFIRMED)] == [1, 1]
    assert count(sandbox, budi, APPROVE) == 1


async def test_an_export_sent_but_not_recorded_is_not_sent_again(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    budi = hub.add_member("budi")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, budi)
        answer = await finished(await sandbox.slash(budi, "intro export"))
        assert "Sent to your direct messages" in answer.text
        await sent_but_not_recorded(bot)
    sandbox.elapse(NONCE_MEMORY * 2)
    async with sandbox.run_bot(settings) as bot:
        statuses = await drained(bot)
    assert statuses == {"sent": 1}  # found again in Budi's DMs by its footer
    [sent] = [m for m in sandbox.dms(budi) if m.attachments]
    assert sent.attachments[0].filename == "resume.json"
    assert sent.embed["footer"]["text"].startswith("JSON Resume · Hub · made ")


async def test_a_question_sent_but_not_recorded_is_not_asked_again(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    ani, budi = hub.add_member("ani"), hub.add_member("budi")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, budi)
        question = await gig_filled_by(sandbox, hub, ani, budi, mod)
        await name_who_did_it(sandbox, ani, question, budi)
        await sent_but_not_recorded(bot)
    sandbox.elapse(NONCE_MEMORY * 2)
    async with sandbox.run_bot(settings) as bot:
        statuses = await drained(bot)
        assert statuses == {"sent": 1}  # found again in Budi's DMs by its Yes and No
        assert count(sandbox, budi, QUESTION) == 1
        await confirm(sandbox, budi)  # the question found again still answers
        await sandbox.wait_until(lambda: count(sandbox, ani, CONFIRMED) == 1)
