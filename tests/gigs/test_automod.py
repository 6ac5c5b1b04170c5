import time

import pytest

from bot.gigs.automod import KeywordRule, Outcome, blocked_word, screen


@pytest.mark.parametrize(
    ("keyword", "text", "found"),
    [
        ("judi", "Main judi online", "judi"),
        ("judi", "Pejudian", None),
        ("slot*", "Slotgacor dijamin", "Slotgacor"),
        ("*gacor", "slotgacor", "slotgacor"),
        ("*gacor*", "xgacorx", "xgacorx"),
        ("cepat kaya", "Jadi CEPAT KAYA!", "CEPAT KAYA"),
    ],
)
def test_keywords_match_with_automods_wildcards(keyword, text, found):
    assert blocked_word([text], [KeywordRule(keywords=[keyword])]) == found


def test_the_allow_list_exempts_words_and_patterns_are_regular_expressions():
    rule = KeywordRule(keywords=["pin*"], allowed=["pinterest"])
    assert blocked_word(["Portofolio di Pinterest"], [rule]) is None
    assert blocked_word(["Kirim PIN kamu"], [rule]) == "PIN"
    assert blocked_word(["wa 0812-3456"], [KeywordRule(patterns=[r"08\d{2}-\d+"])]) == "0812-3456"


def test_a_pattern_re2_cannot_read_is_skipped_not_fatal():
    assert blocked_word(["anything"], [KeywordRule(patterns=["(?<"])]) is None


def test_keywords_hold_to_word_edges_also_beside_other_matches_and_after_case_folding():
    assert blocked_word(["cat, cat"], [KeywordRule(keywords=["cat"], allowed=[])]) == "cat"
    assert blocked_word(["concatenate"], [KeywordRule(keywords=["cat"])]) is None
    assert blocked_word(["Jalan Straße"], [KeywordRule(keywords=["strasse"])]) == "Straße"
    assert blocked_word(["Pinterest dan pin"], [KeywordRule(["pin*"], allowed=["pinterest"])]) == (
        "pin"
    )
    assert blocked_word(["title", "cat"], [KeywordRule(keywords=["title cat"])]) is None


def test_patterns_discord_accepts_take_milliseconds_not_minutes():
    rule = KeywordRule(patterns=["(a|a)+$", r"(\w+\s?)+$"])
    started = time.monotonic()
    assert blocked_word(["a" * 1999 + "!"], [rule]) is None
    assert blocked_word(["a" * 29 + "!"], [rule]) is None
    assert time.monotonic() - started < 0.5


def test_a_thousand_wildcards_against_a_two_thousand_character_word_take_milliseconds():
    words = [f"*{n:04d}x*" for n in range(1000)]
    started = time.monotonic()
    for keywords in (words, [w.rstrip("*") for w in words], [w.lstrip("*") for w in words]):
        assert blocked_word(["7" * 1999 + "!"], [KeywordRule(keywords=keywords)]) is None
    assert time.monotonic() - started < 0.5


async def test_a_check_past_its_budget_is_unfinished_never_clean():
    rule = KeywordRule(keywords=[f"*{n:04d}x*" for n in range(1000)])
    late = await screen(["7" * 2000], [rule], budget=0.000_001)
    assert late.outcome is Outcome.UNFINISHED
    blocked = await screen(["a 0999x b"], [rule], budget=2)
    assert (blocked.outcome, blocked.word) == (Outcome.BLOCKED, "0999x")
    assert (await screen(["nothing here"], [rule], budget=2)).outcome is Outcome.CLEAN
