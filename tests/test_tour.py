import io

from bot.sandbox.tour import run_tour


async def test_the_sandbox_tour_plays_every_act_without_a_refusal():
    out = io.StringIO()
    passed = await run_tour(out)
    printed = out.getvalue()
    assert passed, printed
    assert "FAIL" not in printed
    assert "=== An admin sets up the hub ===" in printed
    assert "Every step got the answer it expected." in printed
