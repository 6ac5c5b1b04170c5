"""What members may type: every kind of text a Discord client lets through, and then some.

Control characters, bidirectional marks, zero-width joiners and other invisibles (soft hyphen,
fillers, C1 controls), emoji sequences, combining marks, markdown and what breaks it, mentions of
everyone, of roles and of members, invite links, links to private hosts, `javascript:` URLs,
format strings and SQL, short or as long as the field takes (4000 characters where Discord
sets no lower limit).

Lone surrogates are kept apart (`with_lone_surrogate`): a Discord client cannot type one, but
JSON can carry "\\ud800", and discord.py's json.loads turns it into a lone surrogate in a str,
which UTF-8 cannot encode.
"""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

DISCORD_TEXT_MAX = 4000

FRAGMENTS = (
    # mentions and links
    "@everyone",
    "@here",
    "<@{user}>",
    "<@!{user}>",
    "<@&{role}>",
    "<#{channel}>",
    "discord.gg/mozaik",
    "https://discord.gg/abcdef",
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "https://example.com/a?b=c",
    "http://example.com",
    "<https://example.com>",
    # markdown
    "**bold**",
    "__under__",
    "~~gone~~",
    "`code`",
    "```py\nprint(1)\n```",
    "||spoiler||",
    "> quoted",
    "# Heading",
    "-# small",
    "- item",
    "\\",
    "[portfolio](https://example.com)",
    "https://[::1]/",
    # links that are not links, or not to the public internet
    "https://1.00",
    "https://.",
    "https://localhost:8080/",
    "https://10.0.0.1/",
    "https://bank.com@evil.example",
    "https://example.com.",
    "https://bücher.de",
    # markup breakers: a lone bracket, a backtick, a trailing escape
    "]",
    "[",
    "`",
    "title \\",
    # direction, joiners, invisibles, controls
    "\u202e",
    "\u202d",
    "\u200f",
    "\u200e",
    "\u2066",
    "\u200d",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u2061",
    "\u3164",
    "\u2800",
    "\u034f",
    "\x9b",
    "\u2028",
    "\u2029",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\r\n",
    "\r",
    "\t",
    "\x85",
    "\xa0",
    # emoji and scripts
    "👩‍👩‍👧‍👦",
    "🏳️‍🌈",
    "🇮🇩",
    "👍🏽",
    "e\u0301",
    "Z̴̡͔a̶l̷g̵o̴",
    "𝕄𝕠𝕫𝕒𝕚𝕜",
    "ﷺ",
    "مرحبا",
    "日本語",
    "٣٤",
    # things code might interpret
    "'; DROP TABLE gigs;--",
    "%s %d",
    "{number} {0} {}",
    "<script>alert(1)</script>",
    "Python, SEO",
    "5jt-8jt",
    "99999999999999999999999999999",
    "0.000000000000000000000000001",
    "1e999",
    "2030-01-31",
    "Rate: 150rb/jam",
    ":",
    ",",
)


def fragments(user: int, role: int, channel: int) -> st.SearchStrategy[str]:
    ids = {"{user}": user, "{role}": role, "{channel}": channel}

    def filled(fragment: str) -> str:
        for name, value in ids.items():
            fragment = fragment.replace(name, str(value))
        return fragment

    return st.sampled_from([filled(fragment) for fragment in FRAGMENTS])


@cache  # a test draws from it every example: built once, hypothesis keeps what it learns of it
def typed_text(
    max_size: int, *, user: int, role: int, channel: int, min_size: int = 0
) -> st.SearchStrategy[str]:
    """Anything a member could type into a field that takes `min_size` to `max_size` characters."""
    pieces = st.lists(
        st.one_of(fragments(user, role, channel), st.text(max_size=30)),
        max_size=12,
    ).map("".join)
    # Long text as a random stretch repeated: as long as the field takes, cheap to make.
    long_text = st.tuples(st.text(min_size=1, max_size=200), st.integers(0, 20)).map(
        lambda stretch: (stretch[0] * (max_size // len(stretch[0]) + 1))[: max_size - stretch[1]]
    )
    repeated = st.tuples(fragments(user, role, channel), st.integers(1, max_size)).map(
        lambda piece: (piece[0] * piece[1])[:max_size]
    )
    return (
        st.one_of(pieces, pieces, pieces, long_text, repeated)
        .map(lambda text: text[:max_size])
        .filter(lambda text: len(text) >= min_size)
    )


def with_lone_surrogate(text: str, at: int) -> str:
    """`text` with a lone high surrogate inserted, as JSON's "\\ud800" escape would bring it."""
    at = min(at, len(text))
    return text[:at] + "\ud800" + text[at:]
