import pytest

from bot.gigs.automod import KeywordRule, blocked_word


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


def test_a_pattern_python_cannot_read_is_skipped_not_fatal():
    assert blocked_word(["anything"], [KeywordRule(patterns=["(?<"])]) is None
