import io

from bot.sandbox.tour import run_tour


async def test_the_sandbox_tour_plays_every_act_without_a_refusal(tmp_path, monkeypatch, database):
    monkeypatch.chdir(tmp_path)  # the tour saves the digest's chart below the working directory
    out = io.StringIO()
    passed = await run_tour(out, database)  # on the run's engine (MOZAIK_TEST_ENGINE)
    printed = out.getvalue()
    assert passed, printed
    assert "FAIL" not in printed
    for act in (
        "An admin sets up the hub",
        "Members introduce themselves and find each other by skill",
        "A gig is posted, curated, published, answered and closed",
        "Confirmed work: who did the gig confirms, a testimonial, the profile exported",
        "A collaboration request finds its partner",
        "The weekly opportunity digest",
        "The hub's public board on the web",
    ):
        assert f"=== {act} ===" in printed
    assert "the chart is saved at" in printed
    for shown in (
        "ok  the #gigs guide is pinned, in Indonesian, its commands a click away",
        "ok  a moderator is also shown what moderators do",
        "ok  the refusal says who may, a click away",
        "ok  Ani gets Budi's card and note",
        "ok  budi hears it, in their own language",
        "ok  claire hears it, in their own language",
        "ok  Claire and Budi meet in a private thread, only the two of them (and Mozaik)",
        "ok  the digest counts the tour's gig",
        "ok  Budi's card shows his confirmed work and Ani's testimonial",
        "ok  a JSON Resume document with the work and the testimonial",
    ):
        assert shown in printed
    assert "the demo hub's board is at http://127.0.0.1:" in printed
    assert "the board's screenshot is saved at" in printed
    assert "Every step got the answer it expected." in printed
