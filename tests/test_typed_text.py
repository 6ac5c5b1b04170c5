"""The rules for text at arrival: what counts as empty, which links are links, and how member
text is placed in Mozaik's own lines."""

import pytest

from bot.errors import Refusal
from bot.i18n import t
from bot.typed_text import checked_reason, cleaned, visible
from bot.web_links import LinkProblem, link_problem
from cogs._markup import isolated, literal, quoted
from tests.support.reading import unescaped

INVISIBLE = [
    "",
    "   \t\n",
    "\u200b\u200c\u200d",  # zero-width space, non-joiner, joiner
    "\ufeff",  # byte order mark
    "\u2060\u2061",  # word joiner, function application
    "\u00ad\u00ad",  # soft hyphens
    "\u200e\u200f\u202a\u202e\u2066\u2069",  # direction marks, embeddings, isolates
    "\u3164\u115f\uffa0",  # Hangul fillers
    "\u2800",  # blank Braille pattern
    "\u0301\u034f\ufe0f",  # a combining mark, the grapheme joiner, a variation selector
    "\xa0\u2003\u3000",  # no-break, em and ideographic spaces
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_text_of_invisible_characters_only_reads_as_empty(text):
    assert not visible(text)
    with pytest.raises(Refusal) as refused:
        checked_reason(text)
    assert refused.value.key == "core.reason_blank"


@pytest.mark.parametrize("text", ["a", "\u200bx\u200b", "e\u0301", "٣", "👍", "-", "ﷺ"])
def test_anything_that_shows_is_visible(text):
    assert visible(text)


def test_c1_controls_are_taken_out_on_arrival_like_c0():
    assert cleaned("a\x85b\x9bc\x80") == "abc"
    assert cleaned("tab\tand\nline") == "tab\tand\nline"


def test_a_reason_is_trimmed():
    assert checked_reason("  Not a gig \n") == "Not a gig"


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com",
        "https://example.com./jobs",
        "https://Behance.net/sari?tab=work#top",
        "https://bücher.de",
        "https://xn--bcher-kva.de",
        "https://8.8.8.8/dns",
        "https://[2001:4860:4860::8888]/",
        "https://example.com:8443/x",
    ],
)
def test_public_https_links_are_links(link):
    assert link_problem(link) is None


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("http://example.com", LinkProblem.NOT_HTTPS),
        ("https://1.00", LinkProblem.NOT_A_LINK),
        ("https://.", LinkProblem.NOT_A_LINK),
        ("https://", LinkProblem.NOT_A_LINK),
        ("https://example", LinkProblem.NOT_A_LINK),
        ("https://example.c0m", LinkProblem.NOT_A_LINK),
        ("https://a..com", LinkProblem.NOT_A_LINK),
        ("https://-a.com", LinkProblem.NOT_A_LINK),
        (f"https://{'x' * 64}.com", LinkProblem.NOT_A_LINK),
        ("https://localhost:8080/admin", LinkProblem.NOT_A_LINK),
        ("https://app.localhost", LinkProblem.NOT_A_LINK),
        ("https://printer.local", LinkProblem.NOT_A_LINK),
        ("https://db.internal", LinkProblem.NOT_A_LINK),
        ("https://127.0.0.1", LinkProblem.NOT_A_LINK),
        ("https://10.1.2.3", LinkProblem.NOT_A_LINK),
        ("https://192.168.0.1", LinkProblem.NOT_A_LINK),
        ("https://169.254.169.254/latest", LinkProblem.NOT_A_LINK),
        ("https://100.64.0.1", LinkProblem.NOT_A_LINK),
        ("https://[::1]/", LinkProblem.NOT_A_LINK),
        ("https://[fd00::1]/", LinkProblem.NOT_A_LINK),
        ("https://[::1", LinkProblem.NOT_A_LINK),
        ("https://bank.com@evil.example", LinkProblem.NOT_A_LINK),
        ("https://example.com:0", LinkProblem.NOT_A_LINK),
        ("https://example.com:99999", LinkProblem.NOT_A_LINK),
        ("https://example.com:http", LinkProblem.NOT_A_LINK),
        ("javascript:alert(1)", LinkProblem.NOT_A_LINK),
        ("ftp://example.com", LinkProblem.NOT_A_LINK),
    ],
)
def test_what_is_not_a_public_https_link_is_refused(link, problem):
    assert link_problem(link) is problem


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("ends in \\", "ends in \\\\"),
        ("a `tick`", "a \\`tick\\`"),
        ("[x](https://evil.example)", "\\[x\\](https://evil.example)"),
        ("close ] early", "close \\] early"),
        ("**bold** _it_ ~~s~~ ||sp||", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|sp\\|\\|"),
        ("> quote\n# heading\n- item", "\\> quote\n\\# heading\n\\- item"),
        ("Logo - 3 concepts: (A), B", "Logo - 3 concepts: (A), B"),
    ],
)
def test_member_text_in_markdown_reads_literally(typed, shown):
    assert literal(typed) == shown


def test_a_link_label_from_member_text_stays_one_label():
    label = quoted("Title ] with `tick` and \\", 80)
    line = f"[{label}](https://discord.com/channels/1/2/3)"
    # Every [ ] ` \ of the title is escaped: the only unescaped ] is the label's own end.
    assert unescaped(line, "]") == [len(label) + 1]
    assert unescaped(line, "`") == []
    assert "@\u200beveryone" in quoted("@everyone", 80)


def test_right_to_left_text_is_isolated_and_left_to_right_text_left_alone():
    assert isolated("Logo design") == "Logo design"
    assert isolated("\u202eevil") == "\u2068\u202eevil\u2069"
    assert isolated("مرحبا") == "\u2068مرحبا\u2069"
    assert not quoted("x" * 90 + "\u202e", 80).startswith("\u2068")  # cut before the RLO
    assert quoted("\u202e" + "x" * 90, 80) == "\u2068\u202e" + "x" * 78 + "…\u2069"


def test_member_text_that_looks_like_a_command_marker_stays_the_members_text():
    said = t("en", "collab.queue_rejected", moderator="Cura", reason="see </gig post> and </x>")
    assert said == "Rejected by Cura: see </gig post> and </x>"
