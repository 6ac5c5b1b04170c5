"""Work done through the hub, confirmed by both sides: a testimonial, and the profile exported."""

from __future__ import annotations

import json

from bot.i18n import t
from bot.sandbox import Member, Message
from bot.sandbox.tour._stage import Stage
from bot.sandbox.tour.gigs import buttons

# Everyone here reads Indonesian: the hub's language, and Ani's and Budi's own.
WHO_DID_IT = t("id", "reputation.name_applicants")
YES = t("id", "reputation.button_yes")
WRITE = t("id", "reputation.button_write")
APPROVE = t("id", "reputation.button_approve")
PRAISE = "Budi cepat, rapi, dan komunikatif. Website kedai kami jadi dalam dua pekan!"


def _question_of(stage: Stage, member: Member) -> Message:
    """The private answer to closing the gig, which now asks who did the work."""
    for record in reversed(list(stage.discord.interactions.records.values())):
        if record.actor.user is not member.user:
            continue
        for message in (record.original, *record.followups):
            if message is not None and any(
                str(c.get("custom_id", "")).startswith("rep:name:")
                for row in message.components
                for c in row.get("components", [])
            ):
                return message
    raise AssertionError("closing the gig did not ask who did the work")


async def confirmed_work(stage: Stage) -> None:
    """Confirmed work: who did the gig confirms, a testimonial, the profile exported"""
    question = _question_of(stage, stage.ani)
    stage.show_message(question, "Ani sees, after closing her gig as filled through the hub")
    stage.step(stage.ani, f"chooses Budi in {WHO_DID_IT!r}")
    await stage.answer(
        await stage.discord.select(stage.ani, question, WHO_DID_IT, [str(stage.budi.id)])
    )
    asked = stage.discord.dms(stage.budi)[-1]
    stage.show_message(asked, "Budi's DMs")
    stage.expect(YES in buttons(asked), "Budi is asked whether he did it")

    stage.step(stage.budi, f"clicks {YES}")
    confirmed = await stage.answer(await stage.discord.click(stage.budi, asked, YES))
    stage.expect(WRITE in buttons(confirmed), "confirmed: both may now write a testimonial")
    await stage.discord.wait_until(lambda: WRITE in buttons(stage.discord.dms(stage.ani)[-1]))
    told = stage.discord.dms(stage.ani)[-1]
    stage.show_message(told, "Ani's DMs")

    stage.step(stage.ani, f"clicks {WRITE} and writes a few words")
    opened = await stage.discord.click(stage.ani, told, WRITE)
    stage.show_reply(opened)
    await stage.answer(await stage.discord.submit_modal(stage.ani, opened, {"testimonial": PRAISE}))
    to_approve = stage.discord.dms(stage.budi)[-1]
    stage.show_message(to_approve, "Budi's DMs")
    stage.step(stage.budi, f"clicks {APPROVE}")
    await stage.answer(await stage.discord.click(stage.budi, to_approve, APPROVE))

    stage.step(stage.claire, "/intro show member:budi")
    shown = await stage.answer(
        await stage.discord.slash(stage.claire, "intro show", member=stage.budi)
    )
    card = json.dumps(shown.embed, ensure_ascii=False)
    stage.expect(
        PRAISE in card and t("id", "reputation.card_completed") in card,
        "Budi's card shows his confirmed work and Ani's testimonial",
    )

    stage.step(stage.budi, "/intro export")
    await stage.answer(await stage.discord.slash(stage.budi, "intro export"))
    sent = stage.discord.dms(stage.budi)[-1]
    stage.show_message(sent, "Budi's DMs")
    files = [a for a in sent.attachments if a.filename == "resume.json"]
    document = json.loads(files[0].data) if files else {}
    stage.say(
        f"  resume.json: {len(document.get('work', []))} confirmed work, "
        f"{len(document.get('references', []))} reference"
    )
    stage.expect(
        bool(document.get("work")) and bool(document.get("references")),
        "a JSON Resume document with the work and the testimonial",
    )
