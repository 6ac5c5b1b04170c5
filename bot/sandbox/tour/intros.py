"""Members introduce themselves and find each other by skill."""

from __future__ import annotations

from bot.sandbox import Member
from bot.sandbox.tour._stage import Stage

INTRODUCTIONS = {
    "budi": (
        "open_to_collaborate",
        {
            "headline": "Pengembang web untuk UMKM",
            "about": "Saya membangun toko online dan API untuk usaha kecil di Bandung.",
            "skills": "Python, JavaScript, pengembangan web",
            "links": "https://budi.dev",
            "details": "Rate: 150rb/jam\nLocation: Bandung\nLanguages: Indonesia, Inggris",
        },
    ),
    "claire": (
        "open_to_work",
        {
            "headline": "Bilingual copywriter for brands in Southeast Asia",
            "about": "Ten years of web copy, newsletters and translation (EN/ID).",
            "skills": "copywriting, penerjemahan, content writing",
            "links": "https://claire.example.com/portfolio",
            "details": "Location: Jakarta\nLanguages: English, Indonesian",
        },
    ),
    "ani": (
        "open_to_work",
        {
            "headline": "Desainer grafis: logo, kemasan, media sosial",
            "about": "Membantu kedai dan UMKM tampil rapi.",
            "skills": "desain grafis, UI/UX design",
            "links": "https://ani.design",
            "details": "Location: Yogyakarta\nLanguages: Indonesia",
        },
    ),
}


async def introduce(stage: Stage, member: Member) -> None:
    availability, form = INTRODUCTIONS[member.name]
    stage.step(member, f"/intro set availability:{availability}")
    opened = await stage.discord.slash(member, "intro set", availability=availability)
    stage.show_reply(opened)
    submitted = await stage.discord.submit_modal(member, opened, form)
    await stage.answer(submitted)


async def introductions(stage: Stage) -> None:
    """Members introduce themselves and find each other by skill"""
    for member in (stage.budi, stage.claire, stage.ani):
        await introduce(stage, member)
    intros = stage.channel("introductions")
    posts = stage.posts(intros)
    stage.show_channel(intros, last=1)
    stage.expect(len(posts) == 3, "one introduction post per member in #introductions")
    stage.expect(all(post.pings.nobody for post in posts), "introductions ping nobody")

    stage.step(stage.budi, "/intro set again: Budi updates his headline")
    first_post = posts[0]
    opened = await stage.discord.slash(stage.budi, "intro set", availability="open_to_collaborate")
    updated = await stage.discord.submit_modal(
        stage.budi, opened, {"headline": "Pengembang web & API untuk UMKM"}
    )
    await stage.answer(updated)
    stage.expect(
        len(stage.posts(intros)) == 3 and "API untuk UMKM" in first_post.text,
        "the same post is edited in place, never a second one",
    )

    stage.step(stage.ani, 'types "desain" into the skill option of /intro find')
    choices = await stage.discord.autocomplete(stage.ani, "intro find", "skill", "desain")
    stage.say("  suggestions: " + ", ".join(choice.name for choice in choices[:6]))
    stage.expect(
        0 < len(choices) <= 25 and choices[0].name.startswith("Desain"),
        "at most 25 suggestions, in her language",
    )

    stage.step(stage.claire, "/intro find skill:python")
    found = await stage.answer(
        await stage.discord.slash(stage.claire, "intro find", skill="python")
    )
    stage.expect("budi" in found.text.lower() and found.pings.nobody, "Budi is found, unpinged")
